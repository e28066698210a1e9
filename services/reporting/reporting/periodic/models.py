"""Reports received from others (BPJS's monthly recap): recorded by a clerk, not derived from
events, so a read-model rebuild leaves this table alone."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from reporting.database import Base


class ReportReceipt(Base):
    __tablename__ = "report_receipts"

    regency_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    report_id: Mapped[str] = mapped_column(Text, primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)     # period key, e.g. "2026-03"
    received_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(Text)             # letter number
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
