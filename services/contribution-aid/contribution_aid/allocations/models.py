"""Allocations and the months they fund.

`funded_months` holds, per participant and month, the share of that month's contribution
already funded (basis points). Its CHECK makes "never more than one whole month" a database
fact: with co-financing not provided every share is 10000, so a second funder of the same
month, a provincial budget included, cannot be written at all."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contribution_aid.database import Base


class AllocationRow(Base):
    __tablename__ = "allocations"
    __table_args__ = (
        CheckConstraint("months > 0", name="allocations_months_positive"),
        CheckConstraint("share_bp > 0 AND share_bp <= 10000", name="allocations_share_within_month"),
        CheckConstraint("released_amount >= 0 AND released_amount <= amount", name="allocations_release_within_amount"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    budget_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("budgets.id"), index=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    funding_source: Mapped[str] = mapped_column(String(16))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    scheme: Mapped[str] = mapped_column(Text)
    start_month: Mapped[str] = mapped_column(String(7))
    months: Mapped[int] = mapped_column(Integer)
    monthly_amount: Mapped[int] = mapped_column(BigInteger)  # this funder's rupiah per month
    monthly_contribution: Mapped[int] = mapped_column(BigInteger)  # the whole month's contribution
    share_bp: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    released_from: Mapped[str | None] = mapped_column(String(7))
    released_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    release_reason: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    citations: Mapped[list] = mapped_column(JSONB, default=list)
    # IBR: what the DCI peers said before the allocation (funded elsewhere: true/false/null = unknown)
    elsewhere_check: Mapped[dict | None] = mapped_column(JSONB)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FundedMonth(Base):
    __tablename__ = "funded_months"
    __table_args__ = (CheckConstraint("taken_bp >= 0 AND taken_bp <= 10000", name="funded_months_at_most_one_month"),)

    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    taken_bp: Mapped[int] = mapped_column(Integer)
