"""Keputusan Bupati recipient lists. A decree is never changed: a change of the list is a new
decree naming the previous one, with its additions and reductions (Lamandau Pasal 28)."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contribution_aid.database import Base


class DecreeRow(Base):
    __tablename__ = "decrees"
    __table_args__ = (UniqueConstraint("regency_code", "number", name="decrees_number_once_per_regency"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    scheme: Mapped[str] = mapped_column(Text)
    number: Mapped[str] = mapped_column(Text)
    decree_date: Mapped[dt.date] = mapped_column(Date)
    quota: Mapped[int] = mapped_column(Integer)
    recipients: Mapped[list] = mapped_column(JSONB)  # participant ids, rank order
    additions: Mapped[list] = mapped_column(JSONB)
    reductions: Mapped[list] = mapped_column(JSONB)  # [{participant_id, reason}]
    not_approved: Mapped[list] = mapped_column(JSONB)  # ranked by the caller, no approved evaluation
    previous_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    previous_number: Mapped[str | None] = mapped_column(Text)
    citations: Mapped[list] = mapped_column(JSONB)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
