"""coverage read model and messaging tables

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from shared.messaging import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op.get_bind())
    op.create_table(
        "rm_participants",
        sa.Column("participant_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("worker_type", sa.String(3), nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("birth_year", sa.Integer, nullable=False),
        sa.Column("district_code", sa.String(6)),
        sa.Column("village_code", sa.String(13)),
        sa.Column("registered_on", sa.Date, nullable=False),
    )
    op.create_table(
        "rm_memberships",
        sa.Column("membership_id", sa.Uuid, primary_key=True),
        sa.Column("participant_id", sa.Uuid, nullable=False, index=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("programs", postgresql.ARRAY(sa.Text)),
        sa.Column("funding", sa.String(16)),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("end_reason", sa.Text),
    )
    op.create_table(
        "rm_watermarks",
        sa.Column("regency_code", sa.String(4), primary_key=True),
        sa.Column("newest_event_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("events_applied", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in ("rm_watermarks", "rm_memberships", "rm_participants"):
        op.drop_table(table)
    drop_messaging_tables(op.get_bind())
