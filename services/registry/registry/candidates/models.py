"""Candidate pool for contribution aid from poverty data (DTKS, P3KE, Regsosek), and the
import jobs that fill it. A candidate's NIK and address are sealed like a participant's; one
candidate per NIK and regency (the blind index de-duplicates across imports)."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Integer, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

RUNNING, COMPLETED, FAILED = "running", "completed", "failed"


class CandidateImport(Base):
    __tablename__ = "candidate_imports"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4))
    data_source: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    format: Mapped[str | None] = mapped_column(String(8))
    body_sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    rows_total: Mapped[int | None] = mapped_column(BigInteger)  # an estimate from the line count until done
    rows_done: Mapped[int] = mapped_column(BigInteger, default=0)  # the checkpoint: items applied
    rows_accepted: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_merged: Mapped[int] = mapped_column(BigInteger, default=0)  # of the accepted: NIK already in the pool
    rows_rejected: Mapped[int] = mapped_column(BigInteger, default=0)
    # a dry run checks every row and records its errors; the candidate pool is left untouched
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    created_by: Mapped[str] = mapped_column(Text)
    created_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Candidate(Base):
    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("regency_code", "nik_index", name="candidates_one_nik_per_regency"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    nik_index: Mapped[str] = mapped_column(String(64))
    nik_cipher: Mapped[str] = mapped_column(Text)
    nik_masked: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(Text)
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    data_source: Mapped[str] = mapped_column(String(16))
    address_cipher: Mapped[str | None] = mapped_column(Text)
    village_code: Mapped[str | None] = mapped_column(String(10))
    monthly_income: Mapped[int | None] = mapped_column(BigInteger)
    disability: Mapped[bool | None] = mapped_column(Boolean)
    dependants: Mapped[int | None] = mapped_column(Integer)
    poverty_rank: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    row_number: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
