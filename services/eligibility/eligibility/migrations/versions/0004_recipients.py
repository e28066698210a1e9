"""aid recipient mirror, re-verification runs, termination recommendations

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

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "recipients",
        sa.Column("participant_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("worker_type", sa.String(3)),
        sa.Column("category", sa.Text),
        sa.Column("sex", sa.String(1)),
        sa.Column("birth_year", sa.Integer),
        sa.Column("village_code", sa.String(13)),
        sa.Column("registered_on", sa.Date),
    )
    op.create_table(
        "recipient_memberships",
        sa.Column("membership_id", sa.Uuid, primary_key=True),
        sa.Column("participant_id", sa.Uuid, nullable=False, index=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("funding", sa.String(16)),
        sa.Column("programs", postgresql.JSONB),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("end_reason", sa.Text),
    )
    op.create_table(
        "reverification_runs",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("summary", postgresql.JSONB, nullable=False),
    )
    op.create_table(
        "termination_recommendations",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.Uuid, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("citation", sa.Text, nullable=False),
        sa.Column("run_id", sa.Uuid, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("participant_id", "reason", "quarter", name="termination_once_per_quarter"),
    )


def downgrade() -> None:
    for table in ("termination_recommendations", "reverification_runs", "recipient_memberships", "recipients"):
        op.drop_table(table)
