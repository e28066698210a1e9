"""audit by person: audit_log (shared/audit.py)

Revision ID: 0007
Revises: 0006
"""
from alembic import op

from shared.audit import audit_log, create_audit_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op.get_bind())

def downgrade() -> None:
    audit_log.drop(op.get_bind())
