"""BPJS exchange: sealed bulk uploads, sync batches and their errors, BPJS memberships, request
nonces, aid decrees for the recipient list

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulk_uploads",
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("job_id", sa.Text, primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("sealed", sa.Text, nullable=False),
    )
    # sealed pieces are random bytes to a compressor: store them as they are
    op.execute("ALTER TABLE bulk_uploads ALTER COLUMN sealed SET STORAGE EXTERNAL")
    op.create_table(
        "bpjs_sync_batches",
        sa.Column("batch_id", sa.Text, primary_key=True),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("format", sa.String(8)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("rows_applied", sa.BigInteger, nullable=False),
        sa.Column("rows_rejected", sa.BigInteger, nullable=False),
        sa.Column("last_row", sa.BigInteger, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("key_id", sa.Text, nullable=False),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "bpjs_sync_errors",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Text, nullable=False, index=True),
        sa.Column("row_number", sa.BigInteger, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("others", postgresql.JSONB, nullable=False),
        sa.Column("fatal", sa.Boolean, nullable=False),
    )
    op.create_table(
        "bpjs_memberships",
        sa.Column("nik_index", sa.String(64), primary_key=True),
        sa.Column("nik_masked", sa.String(16), nullable=False),
        sa.Column("kpj_number", sa.String(32), nullable=False),
        sa.Column("programs", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("batch_id", sa.Text, nullable=False),
        sa.Column("row_number", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "bpjs_nonces",
        sa.Column("key_id", sa.Text, primary_key=True),
        sa.Column("nonce", sa.Text, primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "aid_decrees",
        sa.Column("decree_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("decree_number", sa.Text, nullable=False),
        sa.Column("decree_date", sa.Date, nullable=False),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("recipients", sa.Integer, nullable=False),
        sa.Column("received_seq", sa.BigInteger, sa.Identity(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Index("aid_decrees_by_scheme", "regency_code", "scheme", "decree_date"),
    )
    op.create_table(
        "aid_decree_changes",
        sa.Column("decree_id", sa.Uuid, primary_key=True),
        sa.Column("participant_id", sa.Uuid, primary_key=True),
        sa.Column("change", sa.String(8), nullable=False),
    )


def downgrade() -> None:
    for table in ("aid_decree_changes", "aid_decrees", "bpjs_nonces", "bpjs_memberships", "bpjs_sync_errors",
                  "bpjs_sync_batches", "bulk_uploads"):
        op.drop_table(table)
