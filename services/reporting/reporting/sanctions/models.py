"""Sanctions read model (from `lindung.sanctions`): one row per compliance case."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reporting.database import Base


class SanctionCase(Base):
    """Dates are the ones the events state (opened_on, imposed_on, ...). A case is open from
    `opened_on` until it is closed (rejected, resolved) or its sanction is lifted."""

    __tablename__ = "rm_sanction_cases"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    subject_kind: Mapped[str] = mapped_column(Text)
    subject_id: Mapped[str] = mapped_column(Text)
    employer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    violation: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    opened_on: Mapped[dt.date | None] = mapped_column(Date)     # null until CaseOpened arrives
    imposed_on: Mapped[dt.date | None] = mapped_column(Date)
    lifted_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)     # rejected or resolved
    state: Mapped[str] = mapped_column(Text)                    # after the newest event applied
    state_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
