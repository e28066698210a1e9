"""Candidate imports: a dry run (`dry_run`) checks every row and records its errors without
touching the candidate pool (the back office's import wizard checks a file before committing it).

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    op.add_column("candidate_imports", sa.Column("dry_run", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("candidate_imports", "dry_run")
