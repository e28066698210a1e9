"""read models for aid, sanctions, construction; order-tolerant participants; per-producer
watermarks; monthly coverage history; reports received

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

TS = sa.DateTime(timezone=True)


def _participants() -> None:
    # nullable until ParticipantRegistered arrives: an update may be applied first
    for column in ("worker_type", "category", "sex", "birth_year", "registered_on"):
        op.alter_column("rm_participants", column, nullable=True)
    op.add_column("rm_participants", sa.Column("occupation", sa.Text))
    op.add_column("rm_participants", sa.Column("employer_id", sa.Uuid))
    op.add_column("rm_participants", sa.Column("changed_at", TS))


def _watermarks() -> None:
    op.add_column("rm_watermarks", sa.Column("source", sa.Text, nullable=False, server_default="registry"))
    op.alter_column("rm_watermarks", "source", server_default=None)
    op.drop_constraint("rm_watermarks_pkey", "rm_watermarks", type_="primary")
    op.create_primary_key("rm_watermarks_pkey", "rm_watermarks", ["regency_code", "source"])


def _aid() -> None:
    op.create_table(
        "rm_aid_budgets",
        sa.Column("budget_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("funding_source", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("amount", sa.BigInteger),
        sa.Column("exhausted_count", sa.Integer, nullable=False),
        sa.Column("last_exhausted_at", TS),
        sa.Column("last_available", sa.BigInteger),
    )
    op.create_table(
        "rm_aid_allocations",
        sa.Column("allocation_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("budget_id", sa.Uuid, nullable=False),
        sa.Column("participant_id", sa.Uuid, nullable=False),
        sa.Column("funding_source", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer),
        sa.Column("months", sa.Integer),
        sa.Column("start_month", sa.String(7)),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("allocated_at", TS),
        sa.Column("released_amount", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("released_months", sa.Integer, nullable=False, server_default="0"),
        sa.Column("released_at", TS),
    )
    op.create_table(
        "rm_aid_invoices",
        sa.Column("invoice_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("lines", sa.Integer),
        sa.Column("matched", sa.Integer),
        sa.Column("discrepancies", postgresql.JSONB),
        sa.Column("amount", sa.BigInteger),
        sa.Column("reconciled_at", TS),
        sa.Column("funding_source", sa.Text),
        sa.Column("paid_amount", sa.BigInteger),
        sa.Column("paid_on", sa.Date),
    )


def _sanctions_and_construction() -> None:
    op.create_table(
        "rm_sanction_cases",
        sa.Column("case_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("subject_kind", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("employer_id", sa.Uuid),
        sa.Column("violation", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        *(sa.Column(name, sa.Date) for name in ("opened_on", "imposed_on", "lifted_on", "closed_on")),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("state_at", TS, nullable=False),
    )
    op.create_table(
        "rm_construction_projects",
        sa.Column("project_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("employer_id", sa.Uuid, nullable=False),
        sa.Column("contract_value", sa.BigInteger),
        sa.Column("funding_source", sa.Text),
        sa.Column("spk_date", sa.Date, nullable=False),
        sa.Column("registration_deadline", sa.Date, nullable=False),
        sa.Column("bpjs_registered_on", sa.Date),
        sa.Column("overdue_reported_at", TS),
    )
    op.create_table(
        "rm_employers",
        sa.Column("employer_id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("nib", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("business_scale", sa.Text, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("workers", sa.Integer),
    )


def _history_and_receipts() -> None:
    op.create_table(
        "rm_coverage_months",
        sa.Column("regency_code", sa.String(4), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("participants", sa.Integer, nullable=False),
        sa.Column("active_memberships", sa.Integer, nullable=False),
        sa.Column("events_applied", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "report_receipts",
        sa.Column("regency_code", sa.String(4), primary_key=True),
        sa.Column("report_id", sa.Text, primary_key=True),
        sa.Column("period", sa.Text, primary_key=True),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("reference", sa.Text),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_at", TS, nullable=False, server_default=sa.func.now()),
    )


def upgrade() -> None:
    _participants()
    _watermarks()
    _aid()
    _sanctions_and_construction()
    _history_and_receipts()


def downgrade() -> None:
    for table in ("report_receipts", "rm_coverage_months", "rm_employers", "rm_construction_projects",
                  "rm_sanction_cases", "rm_aid_invoices", "rm_aid_allocations", "rm_aid_budgets"):
        op.drop_table(table)
    op.drop_constraint("rm_watermarks_pkey", "rm_watermarks", type_="primary")
    op.drop_column("rm_watermarks", "source")
    op.create_primary_key("rm_watermarks_pkey", "rm_watermarks", ["regency_code"])
    for column in ("changed_at", "employer_id", "occupation"):
        op.drop_column("rm_participants", column)
