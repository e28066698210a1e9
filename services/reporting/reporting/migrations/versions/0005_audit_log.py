"""audit by person: audit_log (shared/audit.py)

Revision ID: 0005
Revises: 0004
"""
from alembic import op

from shared.audit import audit_log, create_audit_table

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op.get_bind())

def downgrade() -> None:
    audit_log.drop(op.get_bind())
