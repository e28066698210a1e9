"""audit by person: audit_log (shared/audit.py)

Revision ID: 0006
Revises: 0005
"""
from alembic import op

from shared.audit import audit_log, create_audit_table

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op.get_bind())

def downgrade() -> None:
    audit_log.drop(op.get_bind())
