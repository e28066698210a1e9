"""employer names in the read model (EmployerRegistered v2 carries the business name; issue 16)

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rm_employers", sa.Column("name", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("rm_employers", "name")
