"""per-call audit of NIK resolutions, audit of dead-letter redrives (issue 10)

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

from shared.redrive import create_redrive_table, redrives

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nik_resolutions",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("requested", sa.BigInteger, nullable=False),
        sa.Column("resolved", sa.BigInteger, nullable=False),
        sa.Column("request_id", sa.Text),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    create_redrive_table(op.get_bind())


def downgrade() -> None:
    redrives.drop(op.get_bind())
    op.drop_table("nik_resolutions")
