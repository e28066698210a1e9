"""complaints (pengaduan) with timeline and escalations, data-subject requests, breach register (issue 17)

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TEXT, NULL = sa.Text, {"nullable": True}


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("lapor_tracking_id", TEXT, **NULL),
        sa.Column("complainant_name_cipher", TEXT, **NULL),
        sa.Column("complainant_contact_cipher", TEXT, **NULL),
        sa.Column("complainant_participant_id", sa.Uuid, **NULL),
        sa.Column("complainant_employer_id", sa.Uuid, **NULL),
        sa.Column("subject_kind", sa.String(16), **NULL),
        sa.Column("subject_id", TEXT, **NULL),
        sa.Column("description_cipher", TEXT, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False, index=True),
        sa.Column("stage_since", sa.Date, nullable=False),
        sa.Column("due_date", sa.Date, nullable=True, index=True),
        sa.Column("overdue", sa.Boolean, nullable=False),
        sa.Column("assignee", TEXT, nullable=True, index=True),
        sa.Column("office", TEXT, **NULL),
        sa.Column("escalated_to", TEXT, **NULL),
        sa.Column("decision", sa.String(32), **NULL),
        sa.Column("decision_citation", TEXT, **NULL),
        sa.Column("letter_number", TEXT, **NULL),
        sa.Column("closed_on", sa.Date, **NULL),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("finding_key", TEXT, nullable=True, unique=True),
        sa.Column("created_by", TEXT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "complaint_entries",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("complaint_id", sa.Uuid, sa.ForeignKey("complaints.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("actor", TEXT, nullable=False),
        sa.Column("text_cipher", TEXT, **NULL),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "complaint_escalations",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("complaint_id", sa.Uuid, sa.ForeignKey("complaints.id"), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("escalated_to", TEXT, nullable=False),
        sa.UniqueConstraint("complaint_id", "stage", name="complaint_escalated_once_per_stage"),
    )
    op.create_table(
        "data_subject_requests",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("nik_index", TEXT, nullable=False, index=True),
        sa.Column("nik_masked", sa.String(16), nullable=False),
        sa.Column("details_cipher", TEXT, **NULL),
        sa.Column("routed_to", TEXT, **NULL),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), **NULL),
        sa.Column("citation", TEXT, nullable=False),
        sa.Column("created_by", TEXT, nullable=False),
    )
    op.create_table(
        "personal_data_breaches",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("discovered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notify_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), **NULL),
        sa.Column("description_cipher", TEXT, nullable=False),
        sa.Column("data_kinds", sa.JSON, nullable=False),
        sa.Column("subjects_affected", sa.BigInteger, nullable=False),
        sa.Column("citation", TEXT, nullable=False),
        sa.Column("recorded_by", TEXT, nullable=False),
    )


def downgrade() -> None:
    for table in ("personal_data_breaches", "data_subject_requests", "complaint_escalations", "complaint_entries",
                  "complaints"):
        op.drop_table(table)
