"""persons, issuer state, audit log

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from shared.audit import audit_log, create_audit_table

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("nip", sa.Text, unique=True),
        sa.Column("office", sa.Text),
        sa.Column("position", sa.Text),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("regencies", sa.JSON, nullable=False),
        sa.Column("villages", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("totp_secret", sa.Text),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", TS),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    op.create_table(
        "authorization_codes",
        sa.Column("code_sha256", sa.Text, primary_key=True),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("redirect_uri", sa.Text, nullable=False),
        sa.Column("code_challenge", sa.Text, nullable=False),
        sa.Column("person_id", sa.Uuid, nullable=False),
        sa.Column("nonce", sa.Text),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("token_sha256", sa.Text, primary_key=True),
        sa.Column("family_id", sa.Uuid, nullable=False, index=True),
        sa.Column("person_id", sa.Uuid, nullable=False, index=True),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS),
        sa.Column("revoked_at", TS),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("address", sa.Text, nullable=False, index=True),
        sa.Column("at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "browser_sessions",
        sa.Column("id_sha256", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, unique=True),
        sa.Column("code_verifier", sa.Text),
        sa.Column("person_id", sa.Uuid),
        sa.Column("refresh_family", sa.Uuid),
        sa.Column("expires_at", TS, nullable=False),
    )
    create_audit_table(op.get_bind())


def downgrade() -> None:
    audit_log.drop(op.get_bind())
    for table in ("browser_sessions", "login_failures", "refresh_tokens", "authorization_codes", "persons"):
        op.drop_table(table)
