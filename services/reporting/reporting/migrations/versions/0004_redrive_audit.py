"""audit of dead-letter redrives (issue 10)

Revision ID: 0004
Revises: 0003
"""
from alembic import op

from shared.redrive import create_redrive_table, redrives

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_redrive_table(op.get_bind())


def downgrade() -> None:
    redrives.drop(op.get_bind())
