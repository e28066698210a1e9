"""compliance cases, their history, the clearance read model and licence checks

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CLOSED_STATES = "('lifted', 'rejected', 'resolved')"


def upgrade() -> None:
    op.execute("CREATE SEQUENCE case_numbers")
    op.create_table(
        "cases",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("number", sa.Text, nullable=False, unique=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("employer_id", sa.Uuid),
        sa.Column("subject_kind", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("violation", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("next_deadline", sa.Date),
        sa.Column("data", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("cases_by_employer", "cases", ["regency_code", "employer_id"])
    # docs/API.md §9: one open case per subject and violation; a second finding joins it
    op.create_index("cases_one_open_per_subject_violation", "cases",
                    ["regency_code", "subject_kind", "subject_id", "violation"], unique=True,
                    postgresql_where=sa.text(f"state NOT IN {CLOSED_STATES}"))
    op.create_index("cases_due", "cases", ["next_deadline"], postgresql_where=sa.text("next_deadline IS NOT NULL"))
    op.create_table(
        "case_history",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Uuid, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("evidence", postgresql.JSONB),
        sa.Column("decision", postgresql.JSONB, nullable=False),
    )
    op.create_table(
        "active_sanctions",
        sa.Column("case_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("employer_id", sa.Uuid, nullable=False),
        sa.Column("data", postgresql.JSONB, nullable=False),
    )
    op.create_index("active_sanctions_by_employer", "active_sanctions", ["employer_id", "regency_code"])
    op.create_table(
        "known_employers",
        sa.Column("employer_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("nib", sa.Text),
        sa.Column("kind", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("known_employers_by_nib", "known_employers", ["nib", "regency_code"])
    op.create_table(
        "licence_checks",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("employer_id", sa.Uuid),
        sa.Column("nib", sa.Text),
        sa.Column("service", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("documents", postgresql.ARRAY(sa.Text), nullable=False),
        sa.Column("allowed", sa.Boolean, nullable=False),
        sa.Column("answer", postgresql.JSONB, nullable=False),
        sa.Column("case_id", sa.Uuid),
        sa.Column("checked_on", sa.Date, nullable=False),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("licence_checks_by_employer", "licence_checks", ["regency_code", "employer_id"])


def downgrade() -> None:
    for table in ("licence_checks", "known_employers", "active_sanctions", "case_history", "cases"):
        op.drop_table(table)
    op.execute("DROP SEQUENCE case_numbers")
