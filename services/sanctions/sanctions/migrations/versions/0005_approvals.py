"""proposals under two-person control (shared.approvals)

Revision ID: 0005
Revises: 0004
"""
from alembic import op

from shared.approvals.tables import create_approvals_table, drop_approvals_table

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_approvals_table(op.get_bind())


def downgrade() -> None:
    drop_approvals_table(op.get_bind())
