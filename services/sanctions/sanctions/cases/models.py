"""Compliance cases: the aggregate as the domain's JSON (`Case.to_dict()`) plus the columns the
service queries by, and an append-only history of who did what, with the evidence."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Sequence, String, Text, Uuid, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sanctions.database import Base

CLOSED_STATES = ("lifted", "rejected", "resolved")
case_numbers = Sequence("case_numbers", metadata=Base.metadata)


class CaseRecord(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("cases_by_employer", "regency_code", "employer_id"),
        Index("cases_one_open_per_subject_violation", "regency_code", "subject_kind", "subject_id", "violation",
              unique=True, postgresql_where=text(f"state NOT IN {CLOSED_STATES}")),
        Index("cases_due", "next_deadline", postgresql_where=text("next_deadline IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    number: Mapped[str] = mapped_column(Text, unique=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    subject_kind: Mapped[str] = mapped_column(Text)
    subject_id: Mapped[str] = mapped_column(Text)
    violation: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Text)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    next_deadline: Mapped[dt.date | None] = mapped_column(Date)  # the current step's, until escalated past
    data: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CaseHistory(Base):
    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cases.id"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(Text)       # client name, "event:<type>:<id>" or "job:<name>"
    action: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict | None] = mapped_column(JSONB)
    decision: Mapped[dict] = mapped_column(JSONB)
