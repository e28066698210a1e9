"""participant attributes dated by the event that set them (ParticipantUpdated consumed)

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("aid_participants", sa.Column("attributes_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("aid_participants", "attributes_at")
