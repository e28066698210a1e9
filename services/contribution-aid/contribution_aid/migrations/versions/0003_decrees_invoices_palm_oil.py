"""decrees, invoices with lines and payments, accountability documents, RKP DBH Sawit

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _created():
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def _json(name: str, nullable: bool = False):
    return sa.Column(name, postgresql.JSONB, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "decrees",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("number", sa.Text, nullable=False),
        sa.Column("decree_date", sa.Date, nullable=False),
        sa.Column("quota", sa.Integer, nullable=False),
        _json("recipients"), _json("additions"), _json("reductions"), _json("not_approved"),
        sa.Column("previous_id", sa.Uuid),
        sa.Column("previous_number", sa.Text),
        _json("citations"),
        sa.Column("created_by", sa.Text, nullable=False),
        _created(),
        sa.UniqueConstraint("regency_code", "number", name="decrees_number_once_per_regency"),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        _json("budget_ids"),
        sa.Column("funding_source", sa.String(16), nullable=False),
        sa.Column("payer_kind", sa.String(16)),
        sa.Column("payer_ref", sa.Text),
        sa.Column("line_count", sa.Integer, nullable=False),
        sa.Column("matched", sa.Integer, nullable=False),
        sa.Column("billed_total", sa.BigInteger, nullable=False),
        sa.Column("matched_total", sa.BigInteger, nullable=False),
        _json("counts"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("imported_by", sa.Text, nullable=False),
        _created(),
        sa.UniqueConstraint("regency_code", "reference", name="invoices_reference_once_per_regency"),
    )
    op.create_index("invoices_by_budget", "invoices", ["budget_ids"], postgresql_using="gin")
    op.create_table(
        "invoice_lines",
        sa.Column("invoice_id", sa.Uuid, sa.ForeignKey("invoices.id"), primary_key=True),
        sa.Column("line_no", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Uuid, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("flag", sa.String(32)),
        sa.Column("expected", sa.BigInteger),
        sa.Column("detail", sa.Text),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("invoice_id", sa.Uuid, sa.ForeignKey("invoices.id"), nullable=False, unique=True),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("transfer_reference", sa.Text, nullable=False),
        sa.Column("paid_on", sa.Date, nullable=False),
        sa.Column("paid_by", sa.Text, nullable=False),
        _created(),
    )
    op.create_table(
        "accountability_documents",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("budget_id", sa.Uuid, sa.ForeignKey("budgets.id"), nullable=False, index=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("period_start", sa.String(7), nullable=False),
        sa.Column("period_end", sa.String(7), nullable=False),
        sa.Column("dated", sa.Date, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        _created(),
    )
    op.create_table(
        "rkp_proposals",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("ceiling", sa.BigInteger, nullable=False),
        sa.Column("monthly_amount", sa.BigInteger, nullable=False),
        sa.Column("duration_months", sa.Integer, nullable=False),
        _json("recipients"), _json("waiting"), _json("fields"), _json("citations"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        _created(),
        sa.UniqueConstraint("regency_code", "fiscal_year", name="rkp_one_per_year"),
    )
    op.create_table(
        "rkp_changes",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("proposal_id", sa.Uuid, sa.ForeignKey("rkp_proposals.id"), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("realised_ceiling", sa.BigInteger),
        _json("removed"), _json("added"),
        sa.Column("amount", sa.BigInteger),
        sa.Column("decision_reference", sa.Text),
        sa.Column("decided_on", sa.Date),
        sa.Column("apbd_budget_id", sa.Uuid),
        _json("citations"),
        sa.Column("created_by", sa.Text, nullable=False),
        _created(),
    )


def downgrade() -> None:
    for table in ("rkp_changes", "rkp_proposals", "accountability_documents", "payments", "invoice_lines", "invoices",
                  "decrees"):
        op.drop_table(table)
