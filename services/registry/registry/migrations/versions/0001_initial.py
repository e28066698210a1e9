"""participants, idempotency keys, personal-data access audit, messaging tables

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from shared.messaging import create_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op.get_bind())
    op.create_table(
        "participants",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("nik_index", sa.String(64), nullable=False),
        sa.Column("nik_cipher", sa.Text, nullable=False),
        sa.Column("nik_masked", sa.String(16), nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("birth_place", sa.Text, nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("mother_maiden_name_cipher", sa.Text, nullable=False),
        sa.Column("address_cipher", sa.Text, nullable=False),
        sa.Column("coordinates_cipher", sa.Text),
        sa.Column("village_code", sa.String(13)),
        sa.Column("worker_type", sa.String(3), nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("occupation", sa.Text),
        sa.Column("employer_id", sa.Uuid),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("registered_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("regency_code", "nik_index", name="participants_one_nik_per_regency"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("client", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
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


def downgrade() -> None:
    op.drop_table("personal_data_access")
    op.drop_table("idempotency_keys")
    op.drop_table("participants")
    from shared.messaging import drop_messaging_tables
    drop_messaging_tables(op.get_bind())
