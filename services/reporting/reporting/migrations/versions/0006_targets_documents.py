"""workforce targets and the document register (issue 16)

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

from shared.documents import create_documents_table

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("workforce_estimate", sa.BigInteger(), nullable=False),
        sa.Column("target_ratio", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("request_id", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("targets_by_regency_year", "targets", ["regency_code", "year", "id"])
    create_documents_table(op.get_bind())


def downgrade() -> None:
    op.drop_table("documents")
    op.drop_table("targets")
