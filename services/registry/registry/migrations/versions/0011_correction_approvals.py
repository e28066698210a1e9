"""data-subject corrections under two-person control: the sealed correction and its version on the
request, what answered it, and the proposals table (shared.approvals) (issue 17)

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

from shared.approvals.tables import create_approvals_table, drop_approvals_table

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("data_subject_requests", sa.Column("correction_cipher", sa.Text, nullable=True))
    op.add_column("data_subject_requests", sa.Column("correction_version", sa.Uuid, nullable=True))
    op.add_column("data_subject_requests", sa.Column("resolution", sa.JSON, nullable=True))
    create_approvals_table(op.get_bind())


def downgrade() -> None:
    drop_approvals_table(op.get_bind())
    for column in ("resolution", "correction_version", "correction_cipher"):
        op.drop_column("data_subject_requests", column)
