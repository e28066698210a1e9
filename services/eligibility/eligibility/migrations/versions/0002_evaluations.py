"""evaluation audit

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("regulation_id", sa.Text, nullable=False),
        sa.Column("profile_version", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("programs", postgresql.JSONB, nullable=False),
        sa.Column("failed_rules", postgresql.JSONB, nullable=False),
        sa.Column("missing_facts", postgresql.JSONB, nullable=False),
        sa.Column("checks", postgresql.JSONB, nullable=False),
        sa.Column("nik_index", sa.String(80)),
        sa.Column("nik_masked", sa.String(16)),
        sa.Column("participant_id", sa.Uuid),
        sa.Column("subject_ref", sa.Text, nullable=False),
    )
    op.create_index("ix_evaluations_regency_requested_at", "evaluations", ["regency_code", "requested_at"])
    op.create_index("ix_evaluations_nik_index", "evaluations", ["nik_index"])
    op.create_index("ix_evaluations_participant_id", "evaluations", ["participant_id"])


def downgrade() -> None:
    op.drop_table("evaluations")
