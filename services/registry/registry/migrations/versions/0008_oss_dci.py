"""OSS RBA employer fields; DCI message ledger (replay refusal) and DCI answers audit

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name, kind in (("expected_workers_male", sa.Integer), ("expected_workers_female", sa.Integer),
                       ("expected_foreign_workers", sa.Integer), ("oss_id", lambda: sa.String(25)),
                       ("region_code", lambda: sa.String(10)), ("kewenangan", lambda: sa.String(2)),
                       ("kbli", sa.JSON)):
        op.add_column("employers", sa.Column(name, kind()))
    op.create_table(
        "dci_messages",
        sa.Column("sender_id", sa.Text, primary_key=True),
        sa.Column("message_id", sa.Text, primary_key=True),
        sa.Column("transaction_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text),
        sa.Column("consent", sa.Text),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dci_messages")
    for name in ("kbli", "kewenangan", "region_code", "oss_id", "expected_foreign_workers",
                 "expected_workers_female", "expected_workers_male"):
        op.drop_column("employers", name)
