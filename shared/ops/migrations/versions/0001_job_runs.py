"""job runs of the scheduler

Revision ID: ops0001
"""
import sqlalchemy as sa
from alembic import op

revision = "ops0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("job", sa.Text, nullable=False),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("exit_code", sa.Integer),
        sa.Column("output_tail", sa.Text),
    )
    op.create_index("job_runs_job_started", "job_runs", ["job", "started_at"])


def downgrade() -> None:
    op.drop_table("job_runs")
