"""Workforce estimates and UCJ targets per regency and year, maintained through the API
(docs/API.md §10). Every PUT adds a row: the newest is in force, the older ones are the audit
trail (who, when, from which source)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Float, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from reporting.database import Base


class TargetRecord(Base):
    __tablename__ = "targets"
    __table_args__ = (Index("targets_by_regency_year", "regency_code", "year", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    workforce_estimate: Mapped[int] = mapped_column(BigInteger)
    target_ratio: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
