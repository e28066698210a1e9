"""termination contests: a participant contesting a termination or a recommended one, and the
recommendations re-verification made (issue 17)

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "termination_contests",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("participant_id", sa.Uuid, nullable=False, index=True),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("contest_key", sa.Text, nullable=False),
        sa.Column("membership_id", sa.Uuid, nullable=True),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("quarter", sa.String(7), nullable=True),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("grounds_cipher", sa.Text, nullable=True),
        sa.Column("citation", sa.Text, nullable=False),
        sa.Column("complaint_id", sa.Uuid, sa.ForeignKey("complaints.id"), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("participant_id", "contest_key", name="termination_contested_once"),
    )


    op.create_table(
        "recommended_terminations",
        sa.Column("participant_id", sa.Uuid, primary_key=True),
        sa.Column("reason", sa.String(64), primary_key=True),
        sa.Column("quarter", sa.String(7), primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("citation", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("recommended_terminations")
    op.drop_table("termination_contests")
