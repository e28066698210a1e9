"""The evaluation audit: who asked what about whom, when, under which regulation and profile
version, and the answer with its checks. No raw NIK: a keyed blind index (exact lookups) and
the masked form (for people reading the audit)."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, Index, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from eligibility.database import Base


class EvaluationRecord(Base):
    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_regency_requested_at", "regency_code", "requested_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    requested_by: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    regency_code: Mapped[str] = mapped_column(String(4))
    scheme: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    regulation_id: Mapped[str] = mapped_column(Text)
    profile_version: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    programs: Mapped[list] = mapped_column(JSONB)
    failed_rules: Mapped[list] = mapped_column(JSONB)
    missing_facts: Mapped[list] = mapped_column(JSONB)
    checks: Mapped[list] = mapped_column(JSONB)
    nik_index: Mapped[str | None] = mapped_column(String(80), index=True)
    nik_masked: Mapped[str | None] = mapped_column(String(16))
    participant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    subject_ref: Mapped[str] = mapped_column(Text)
