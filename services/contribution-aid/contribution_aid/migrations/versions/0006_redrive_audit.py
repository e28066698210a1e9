"""audit of dead-letter redrives (issue 10)

Revision ID: 0006
Revises: 0005
"""
from alembic import op

from shared.redrive import create_redrive_table, redrives

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_redrive_table(op.get_bind())


def downgrade() -> None:
    redrives.drop(op.get_bind())
