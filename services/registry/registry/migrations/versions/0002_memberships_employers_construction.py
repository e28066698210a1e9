"""participant village kind, NIK and employer indexes, membership history, employers, construction projects

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("participants", sa.Column("village_kind", sa.String(16)))
    op.create_index("ix_participants_nik_index", "participants", ["nik_index"])
    op.create_index("ix_participants_employer_id", "participants", ["employer_id"])
    op.create_table(
        "memberships",
        sa.Column("row_id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("membership_id", sa.Uuid, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("enrollment_id", sa.Uuid, nullable=False),
        sa.Column("participant_id", sa.Uuid, nullable=False, index=True),
        sa.Column("regency_code", sa.String(4), nullable=False),
        sa.Column("programme", sa.String(3), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("funding", sa.String(16), nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("end_reason", sa.Text),
        sa.Column("decree_number", sa.Text),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("membership_id", "version", name="memberships_one_row_per_version"),
    )
    op.create_table(
        "employers",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("nib", sa.String(13), nullable=False),
        sa.Column("npwp", sa.String(16)),
        sa.Column("npwp_cipher", sa.Text),
        sa.Column("npwp_masked", sa.String(16)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("business_scale", sa.String(16), nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("bpjs_registration_number", sa.Text),
        sa.Column("workers", sa.Integer),
        sa.Column("compliance_gap_since", sa.Date),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("regency_code", "nib", name="employers_one_nib_per_regency"),
    )
    op.create_table(
        "construction_projects",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("regency_code", sa.String(4), nullable=False, index=True),
        sa.Column("employer_id", sa.Uuid, nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("contract_value", sa.BigInteger, nullable=False),
        sa.Column("funding_source", sa.String(16), nullable=False),
        sa.Column("spk_date", sa.Date, nullable=False),
        sa.Column("registration_deadline", sa.Date, nullable=False),
        sa.Column("bpjs_registered_on", sa.Date),
        sa.Column("overdue_reported_at", sa.DateTime(timezone=True)),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    # the daily overdue job looks only at projects still unregistered and unreported
    op.create_index("construction_projects_awaiting_registration", "construction_projects", ["registration_deadline"],
                    postgresql_where=sa.text("bpjs_registered_on IS NULL AND overdue_reported_at IS NULL"))


def downgrade() -> None:
    op.drop_table("construction_projects")
    op.drop_table("employers")
    op.drop_table("memberships")
    op.drop_index("ix_participants_employer_id", "participants")
    op.drop_index("ix_participants_nik_index", "participants")
    op.drop_column("participants", "village_kind")
