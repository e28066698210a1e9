"""audit by person: audit_log (shared/audit.py)

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

from shared.audit import audit_log, create_audit_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table(op.get_bind())
    # the personal-data reads recorded so far move into audit_log; personal_data_access stays readable
    # as a view over it (what earlier reports and tests query)
    op.execute("""INSERT INTO audit_log (at, action, subject_kind, subject_id, client, client_id, request_id,
                                         purpose, detail)
                  SELECT accessed_at, 'personal_data.read', NULL, subject_id::text, client, client,
                         request_id, purpose, json_build_object('fields', fields)::jsonb
                  FROM personal_data_access ORDER BY id""")
    op.drop_table("personal_data_access")
    op.execute("""CREATE VIEW personal_data_access AS
                  SELECT id, client, subject_id::uuid AS subject_id, purpose, detail->'fields' AS fields, request_id,
                         at AS accessed_at, person_id, person_name, person_nip
                  FROM audit_log WHERE action = 'personal_data.read'""")


def downgrade() -> None:
    op.execute("DROP VIEW personal_data_access")
    op.create_table(
        "personal_data_access",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Uuid, nullable=False, index=True),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("request_id", sa.Text),
        sa.Column("accessed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )

    audit_log.drop(op.get_bind())
