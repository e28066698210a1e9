"""batch evaluation jobs, their uploads and result chunks

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

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "batch_jobs",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("started_at", TS),
        sa.Column("finished_at", TS),
        sa.Column("heartbeat_at", TS),
        sa.Column("claim_token", sa.Uuid),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("upload_bytes", sa.BigInteger, nullable=False),
        sa.Column("upload_chunks", sa.Integer, nullable=False),
        sa.Column("rows_total", sa.Integer),
        sa.Column("rows_done", sa.Integer, nullable=False),
        sa.Column("chunks_done", sa.Integer, nullable=False),
        sa.Column("counts", postgresql.JSONB, nullable=False),
        sa.Column("row_errors", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("regulation_id", sa.Text),
        sa.Column("profile_version", sa.Text),
        sa.Column("layout", postgresql.JSONB),
    )
    # the worker looks for claimable jobs by status
    op.create_index("ix_batch_jobs_status_created", "batch_jobs", ["status", "created_at"])
    op.create_table(
        "batch_uploads",
        _job_id(),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "batch_result_chunks",
        _job_id(),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("first_row", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("errors", postgresql.JSONB, nullable=False),
    )


def _job_id() -> sa.Column:
    return sa.Column("job_id", sa.Uuid, sa.ForeignKey("batch_jobs.id", ondelete="CASCADE"), primary_key=True)


def downgrade() -> None:
    op.drop_table("batch_result_chunks")
    op.drop_table("batch_uploads")
    op.drop_table("batch_jobs")
