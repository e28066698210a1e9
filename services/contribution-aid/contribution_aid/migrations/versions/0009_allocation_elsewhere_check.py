"""IBR: the DCI peers' answer kept with each allocation

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("allocations", sa.Column("elsewhere_check", postgresql.JSONB))


def downgrade() -> None:
    op.drop_column("allocations", "elsewhere_check")
