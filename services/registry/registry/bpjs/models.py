"""BPJS data exchange: sync batches with their checkpoint (row errors: shared/jobs), the membership BPJS
reports per NIK (by blind index), and the nonces of signed requests."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ARRAY, BigInteger, Date, DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

APPLYING, COMPLETED, FAILED = "applying", "completed", "failed"


class SyncBatch(Base):
    __tablename__ = "bpjs_sync_batches"

    batch_id: Mapped[str] = mapped_column(Text, primary_key=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str | None] = mapped_column(String(8))  # None: sniffed from the first byte
    status: Mapped[str] = mapped_column(String(16))
    # checkpoint: how many parsed items (rows and row errors) are applied, committed with them
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_applied: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_rejected: Mapped[int] = mapped_column(BigInteger, default=0)
    last_row: Mapped[int] = mapped_column(BigInteger, default=0)
    received_on: Mapped[dt.date] = mapped_column(Date)  # the rows' "today" (stable across resumes)
    key_id: Mapped[str] = mapped_column(Text)
    client: Mapped[str] = mapped_column(Text)
    # the regencies the sending client may act for ("*": all): its rows may change only those
    regencies: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{*}")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class BpjsMembership(Base):
    """What BPJS last said about one person, whether or not the registry knows them yet."""

    __tablename__ = "bpjs_memberships"

    nik_index: Mapped[str] = mapped_column(String(64), primary_key=True)
    nik_masked: Mapped[str] = mapped_column(String(16))
    kpj_number: Mapped[str] = mapped_column(String(32))
    programs: Mapped[list[str]] = mapped_column(ARRAY(Text))
    status: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    batch_id: Mapped[str] = mapped_column(Text)
    row_number: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class UsedNonce(Base):
    __tablename__ = "bpjs_nonces"

    key_id: Mapped[str] = mapped_column(Text, primary_key=True)
    nonce: Mapped[str] = mapped_column(Text, primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
