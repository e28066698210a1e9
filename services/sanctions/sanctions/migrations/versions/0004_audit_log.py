"""audit by person: audit_log (shared/audit.py)

Revision ID: 0004
Revises: 0003
"""
from alembic import op

from shared.audit import audit_log, create_audit_table

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op.get_bind())

def downgrade() -> None:
    audit_log.drop(op.get_bind())
