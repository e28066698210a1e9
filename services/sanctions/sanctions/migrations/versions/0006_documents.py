"""document register (issue 16)

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

from shared.documents import create_documents_table

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_documents_table(op.get_bind())
    op.add_column("known_employers", sa.Column("name", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("known_employers", "name")
    op.drop_table("documents")
