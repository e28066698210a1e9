"""large invoice imports through the job runner (shared/jobs): jobs, sealed upload pieces, row
errors, the import's own row, and the index reconciliation reads lines by

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from shared.jobs.tables import create_job_tables, drop_job_tables

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_job_tables(op)
    op.create_table(
        "invoice_imports",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("budget_ids", postgresql.JSONB, nullable=False),
        sa.Column("imported_by", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("invoice_id", sa.Uuid),
        sa.Column("error", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_invoice_imports_regency_code", "invoice_imports", ["regency_code"])
    op.create_index("ix_invoice_lines_invoice_participant", "invoice_lines", ["invoice_id", "participant_id"])


def downgrade() -> None:
    op.drop_index("ix_invoice_lines_invoice_participant", "invoice_lines")
    op.drop_table("invoice_imports")
    drop_job_tables(op)
