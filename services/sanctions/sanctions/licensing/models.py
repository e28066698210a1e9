"""Licence applications checked for their BPJS documents, kept as an audit trail."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ARRAY, Boolean, Date, DateTime, Index, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sanctions.database import Base


class LicenceCheck(Base):
    __tablename__ = "licence_checks"
    __table_args__ = (Index("licence_checks_by_employer", "regency_code", "employer_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    nib: Mapped[str | None] = mapped_column(Text)
    service: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    documents: Mapped[list[str]] = mapped_column(ARRAY(Text))
    allowed: Mapped[bool] = mapped_column(Boolean)
    answer: Mapped[dict] = mapped_column(JSONB)
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    checked_on: Mapped[dt.date] = mapped_column(Date)
    client: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
