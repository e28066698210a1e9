"""The job tables, declared on a service's own metadata (each service owns its tables), and the
same DDL for its Alembic chain (`create_job_tables`)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

QUEUED, RUNNING, COMPLETED, FAILED = "queued", "running", "completed", "failed"
FINISHED = (COMPLETED, FAILED)


def _job_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("ref", sa.Text, nullable=False),  # the domain's id of the work (a batch id, an import id)
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("owner", sa.Text, nullable=False),  # the client that submitted it
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lease_token", sa.Uuid),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("rows_done", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("row_errors", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
        sa.Column("upload_sha256", sa.String(64)),
        sa.Column("upload_bytes", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("upload_format", sa.String(8)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("purged_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("kind", "ref", name="jobs_kind_ref"),
    ]


def _piece_columns() -> list[sa.Column]:
    return [sa.Column("job_id", sa.Uuid, sa.ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("seq", sa.Integer, primary_key=True),
            sa.Column("sealed", sa.LargeBinary, nullable=False)]


def _error_columns() -> list[sa.Column]:
    return [sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
            sa.Column("job_id", sa.Uuid, sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
            sa.Column("row_number", sa.BigInteger, nullable=False),
            sa.Column("field", sa.Text, nullable=False),
            sa.Column("message", sa.Text, nullable=False),  # never the submitted value
            sa.Column("others", JSONB, nullable=False, server_default="[]"),
            sa.Column("fatal", sa.Boolean, nullable=False, server_default="false")]


@dataclass(frozen=True)
class JobTables:
    jobs: sa.Table
    pieces: sa.Table
    errors: sa.Table


def job_tables(metadata: sa.MetaData) -> JobTables:
    jobs = sa.Table("jobs", metadata, *_job_columns(),
                    sa.Index("ix_jobs_claim", "status", "created_at"))
    return JobTables(jobs, sa.Table("job_upload_pieces", metadata, *_piece_columns()),
                     sa.Table("job_row_errors", metadata, *_error_columns(),
                                     sa.Index("ix_job_row_errors_job_id", "job_id")))


def create_job_tables(op) -> None:
    """In a service's Alembic revision: the same tables as `job_tables`."""
    op.create_table("jobs", *_job_columns())
    op.create_index("ix_jobs_claim", "jobs", ["status", "created_at"])
    op.create_table("job_upload_pieces", *_piece_columns())
    op.create_table("job_row_errors", *_error_columns())
    op.create_index("ix_job_row_errors_job_id", "job_row_errors", ["job_id"])


def drop_job_tables(op) -> None:
    for table in ("job_row_errors", "job_upload_pieces", "jobs"):
        op.drop_table(table)
