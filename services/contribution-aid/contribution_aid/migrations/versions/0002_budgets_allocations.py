"""participant view, budgets, amendments, allocations, funded months

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


def _now():
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade() -> None:
    op.create_table(
        "aid_participants",
        sa.Column("participant_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("category", sa.Text),
        sa.Column("village_code", sa.String(13)),
        sa.Column("village_kind", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        sa.Column("termination_reason", sa.Text),
        sa.Column("terminated_on", sa.Date),
        sa.Column("recommended_reason", sa.Text),
        sa.Column("recommended_on", sa.Date),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "aid_evaluations",
        sa.Column("participant_id", sa.Uuid, primary_key=True),
        sa.Column("scheme", sa.Text, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("evaluation_id", sa.Uuid, nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("aid_evaluations_by_scheme", "aid_evaluations", ["regency_code", "scheme", "outcome"])
    op.create_table(
        "aid_memberships",
        sa.Column("membership_id", sa.Uuid, primary_key=True),
        sa.Column("participant_id", sa.Uuid, nullable=False, index=True),
        sa.Column("funding", sa.String(16)),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
    )
    op.create_table(
        "budgets",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("funding_source", sa.String(16), nullable=False),
        sa.Column("scheme", sa.Text),
        sa.Column("payer_kind", sa.String(16)),
        sa.Column("payer_ref", sa.Text),
        sa.Column("payer_name", sa.Text),
        sa.Column("initial_amount", sa.BigInteger, nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("committed", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("exhausted_notified", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("citations", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("created_by", sa.Text, nullable=False),
        _now(),
        sa.CheckConstraint("committed >= 0 AND committed <= amount", name="budgets_committed_within_amount"),
    )
    op.create_table(
        "budget_amendments",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("budget_id", sa.Uuid, sa.ForeignKey("budgets.id"), nullable=False, index=True),
        sa.Column("delta", sa.BigInteger, nullable=False),
        sa.Column("amount_after", sa.BigInteger, nullable=False),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by", sa.Text, nullable=False),
        _now(),
    )
    op.create_table(
        "allocations",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("budget_id", sa.Uuid, sa.ForeignKey("budgets.id"), nullable=False, index=True),
        sa.Column("participant_id", sa.Uuid, nullable=False, index=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("funding_source", sa.String(16), nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("start_month", sa.String(7), nullable=False),
        sa.Column("months", sa.Integer, nullable=False),
        sa.Column("monthly_amount", sa.BigInteger, nullable=False),
        sa.Column("monthly_contribution", sa.BigInteger, nullable=False),
        sa.Column("share_bp", sa.Integer, nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("released_from", sa.String(7)),
        sa.Column("released_amount", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("release_reason", sa.Text),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("citations", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("created_by", sa.Text, nullable=False),
        _now(),
        sa.CheckConstraint("months > 0", name="allocations_months_positive"),
        sa.CheckConstraint("share_bp > 0 AND share_bp <= 10000", name="allocations_share_within_month"),
        sa.CheckConstraint("released_amount >= 0 AND released_amount <= amount",
                           name="allocations_release_within_amount"),
    )
    op.create_table(
        "funded_months",
        sa.Column("participant_id", sa.Uuid, primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("taken_bp", sa.Integer, nullable=False),
        sa.CheckConstraint("taken_bp >= 0 AND taken_bp <= 10000", name="funded_months_at_most_one_month"),
    )


def downgrade() -> None:
    for table in ("funded_months", "allocations", "budget_amendments", "budgets", "aid_memberships",
                  "aid_evaluations", "aid_participants"):
        op.drop_table(table)
