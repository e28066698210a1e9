"""budget ceilings (pagu) from BudgetRecorded / BudgetAmended

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rm_aid_budgets", sa.Column("amount_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("rm_aid_budgets", "amount_at")
