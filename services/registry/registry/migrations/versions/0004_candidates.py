"""candidate pool and its import jobs

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_imports",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("data_source", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("format", sa.String(8)),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("rows_total", sa.BigInteger),
        sa.Column("rows_done", sa.BigInteger, nullable=False),
        sa.Column("rows_accepted", sa.BigInteger, nullable=False),
        sa.Column("rows_merged", sa.BigInteger, nullable=False),
        sa.Column("rows_rejected", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "candidate_import_errors",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("import_id", sa.Uuid, nullable=False, index=True),
        sa.Column("row_number", sa.BigInteger, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("others", postgresql.JSONB, nullable=False),
        sa.Column("fatal", sa.Boolean, nullable=False),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("nik_index", sa.String(64), nullable=False),
        sa.Column("nik_cipher", sa.Text, nullable=False),
        sa.Column("nik_masked", sa.String(16), nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("data_source", sa.String(16), nullable=False),
        sa.Column("address_cipher", sa.Text),
        sa.Column("village_code", sa.String(10)),
        sa.Column("monthly_income", sa.BigInteger),
        sa.Column("disability", sa.Boolean),
        sa.Column("dependants", sa.Integer),
        sa.Column("poverty_rank", sa.Integer),
        sa.Column("import_id", sa.Uuid, nullable=False),
        sa.Column("row_number", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("regency_code", "nik_index", name="candidates_one_nik_per_regency"),
    )


def downgrade() -> None:
    for table in ("candidates", "candidate_import_errors", "candidate_imports"):
        op.drop_table(table)
