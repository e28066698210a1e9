"""proposals under two-person control (shared.approvals)

Revision ID: 0008
Revises: 0007
"""
from alembic import op

from shared.approvals.tables import create_approvals_table, drop_approvals_table

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_approvals_table(op.get_bind())


def downgrade() -> None:
    drop_approvals_table(op.get_bind())
