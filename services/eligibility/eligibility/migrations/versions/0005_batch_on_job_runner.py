"""batch evaluation on the shared job runner (shared/jobs): jobs, sealed upload pieces, row
errors; the batch job's own claim columns and plain uploads go

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

from shared.jobs.tables import create_job_tables, drop_job_tables

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_job_tables(op)
    # unfinished jobs of the old runner cannot be carried over (their uploads were not sealed)
    op.execute("UPDATE batch_jobs SET status = 'failed', error = 'superseded by the job runner' "
               "WHERE status IN ('queued', 'running')")
    op.drop_table("batch_uploads")
    for column in ("heartbeat_at", "claim_token", "attempts", "upload_chunks"):
        op.drop_column("batch_jobs", column)


def downgrade() -> None:
    op.add_column("batch_jobs", sa.Column("heartbeat_at", sa.DateTime(timezone=True)))
    op.add_column("batch_jobs", sa.Column("claim_token", sa.Uuid))
    op.add_column("batch_jobs", sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
    op.add_column("batch_jobs", sa.Column("upload_chunks", sa.Integer, nullable=False, server_default="0"))
    op.create_table("batch_uploads",
                    sa.Column("job_id", sa.Uuid, sa.ForeignKey("batch_jobs.id", ondelete="CASCADE"), primary_key=True),
                    sa.Column("seq", sa.Integer, primary_key=True),
                    sa.Column("data", sa.LargeBinary, nullable=False))
    drop_job_tables(op)
