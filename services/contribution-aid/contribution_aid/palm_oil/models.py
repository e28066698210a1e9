"""The Sambas palm-oil programme's RKP DBH Sawit proposal per year (Pasal 26(4)) and every change
to it: adjustments on death or an unmet ceiling (26(6)) and shortfalls moved to APBD (25(3))."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contribution_aid.database import Base


class RkpRow(Base):
    __tablename__ = "rkp_proposals"
    __table_args__ = (UniqueConstraint("regency_code", "fiscal_year", name="rkp_one_per_year"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    ceiling: Mapped[int] = mapped_column(BigInteger)
    monthly_amount: Mapped[int] = mapped_column(BigInteger)
    duration_months: Mapped[int] = mapped_column(Integer)
    recipients: Mapped[list] = mapped_column(JSONB)
    waiting: Mapped[list] = mapped_column(JSONB)
    fields: Mapped[list] = mapped_column(JSONB)
    citations: Mapped[list] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RkpChangeRow(Base):
    __tablename__ = "rkp_changes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rkp_proposals.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)  # the proposal's version after the change
    kind: Mapped[str] = mapped_column(String(16))  # adjustment / shortfall
    realised_ceiling: Mapped[int | None] = mapped_column(BigInteger)
    removed: Mapped[list] = mapped_column(JSONB)  # [{participant_id, reason, citation}]
    added: Mapped[list] = mapped_column(JSONB)
    amount: Mapped[int | None] = mapped_column(BigInteger)  # shortfall moved to APBD
    decision_reference: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    apbd_budget_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    citations: Mapped[list] = mapped_column(JSONB)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
