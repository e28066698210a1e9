"""Batch evaluation jobs (their lease, attempts and sealed upload are the shared job runner's:
`JOB_TABLES`, shared/jobs). Results are stored per chunk of rows, written with the job's progress
in one transaction, so a job taken over by another worker resumes after its last chunk."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from eligibility.database import Base
from shared.jobs.tables import job_tables

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
KIND = "batch_evaluation"
JOB_TABLES = job_tables(Base.metadata)


class BatchJob(Base):
    __tablename__ = "batch_jobs"
    __table_args__ = (Index("ix_batch_jobs_status_created", "status", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    scheme: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(8))
    requested_by: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    upload_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_total: Mapped[int | None] = mapped_column(Integer)   # lines counted at upload; exact when done
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    chunks_done: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSONB, default=dict)
    row_errors: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    regulation_id: Mapped[str | None] = mapped_column(Text)
    profile_version: Mapped[str | None] = mapped_column(Text)
    layout: Mapped[dict | None] = mapped_column(JSONB)        # rules, citations, facts, programmes used


class BatchResultChunk(Base):
    __tablename__ = "batch_result_chunks"

    job_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("batch_jobs.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_row: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    errors: Mapped[list] = mapped_column(JSONB)
