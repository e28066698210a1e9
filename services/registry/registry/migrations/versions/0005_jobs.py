"""one job runner for bulk work (shared/jobs): jobs, sealed upload pieces, row errors; sync
batches remember the regencies their client may act for

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
    op.add_column("bpjs_sync_batches", sa.Column("regencies", postgresql.ARRAY(sa.Text), nullable=False,
                                                 server_default="{*}"))
    # unfinished work of the old in-API runner is not carried over: its uploads were sealed differently
    op.execute("UPDATE bpjs_sync_batches SET status = 'failed' WHERE status = 'applying'")
    op.execute("UPDATE candidate_imports SET status = 'failed' WHERE status = 'running'")
    for table in ("bulk_uploads", "bpjs_sync_errors", "candidate_import_errors"):
        op.drop_table(table)


def downgrade() -> None:
    op.drop_column("bpjs_sync_batches", "regencies")
    drop_job_tables(op)
