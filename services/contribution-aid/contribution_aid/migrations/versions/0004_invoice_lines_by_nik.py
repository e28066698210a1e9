"""invoice lines billed per NIK: a line the registry does not know keeps only the masked NIK

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("invoice_lines", "participant_id", nullable=True)
    op.add_column("invoice_lines", sa.Column("nik_masked", sa.String(16)))


def downgrade() -> None:
    op.execute("DELETE FROM invoice_lines WHERE participant_id IS NULL")
    op.drop_column("invoice_lines", "nik_masked")
    op.alter_column("invoice_lines", "participant_id", nullable=False)
