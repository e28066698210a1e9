"""Contribution-aid read model (from `lindung.contribution-aid`): budgets seen, allocations
with what was released back, and BPJS invoices reconciled and paid."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from reporting.database import Base


class AidBudget(Base):
    """A budget as far as events tell: `amount` (the pagu) comes from BudgetRecorded and
    BudgetAmended, the newest by event time winning; it stays null until one arrives."""

    __tablename__ = "rm_aid_budgets"

    budget_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    funding_source: Mapped[str] = mapped_column(Text)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int | None] = mapped_column(BigInteger)
    amount_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    exhausted_count: Mapped[int] = mapped_column(Integer, default=0)
    last_exhausted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_available: Mapped[int | None] = mapped_column(BigInteger)


class AidAllocation(Base):
    __tablename__ = "rm_aid_allocations"

    allocation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    budget_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    funding_source: Mapped[str] = mapped_column(Text)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)   # null until AidAllocated arrives
    months: Mapped[int | None] = mapped_column(Integer)
    start_month: Mapped[str | None] = mapped_column(String(7))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    allocated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    released_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    released_months: Mapped[int] = mapped_column(Integer, default=0)
    released_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AidInvoice(Base):
    """A BPJS invoice: reconciled (InvoiceReconciled) and/or paid (ContributionPaid)."""

    __tablename__ = "rm_aid_invoices"

    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    period: Mapped[str] = mapped_column(String(7))
    lines: Mapped[int | None] = mapped_column(Integer)
    matched: Mapped[int | None] = mapped_column(Integer)
    discrepancies: Mapped[dict | None] = mapped_column(JSONB)
    amount: Mapped[int | None] = mapped_column(BigInteger)
    reconciled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    funding_source: Mapped[str | None] = mapped_column(Text)
    paid_amount: Mapped[int | None] = mapped_column(BigInteger)
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
