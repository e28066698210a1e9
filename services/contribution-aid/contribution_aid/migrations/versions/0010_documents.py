"""document register (issue 16)

Revision ID: 0010
Revises: 0009
"""
from alembic import op

from shared.documents import create_documents_table

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_documents_table(op.get_bind())


def downgrade() -> None:
    op.drop_table("documents")
