"""Budgets and their amendments. `amount` is the initial amount plus every amendment (kept
with it so the ceiling check is one row); `committed` only moves through conditional updates,
and the CHECK constraint makes overcommitting impossible whatever the code does."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contribution_aid.database import Base


class BudgetRow(Base):
    __tablename__ = "budgets"
    __table_args__ = (
        CheckConstraint("committed >= 0 AND committed <= amount", name="budgets_committed_within_amount"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    funding_source: Mapped[str] = mapped_column(String(16))
    scheme: Mapped[str | None] = mapped_column(Text)
    payer_kind: Mapped[str | None] = mapped_column(String(16))
    payer_ref: Mapped[str | None] = mapped_column(Text)
    payer_name: Mapped[str | None] = mapped_column(Text)
    initial_amount: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    committed: Mapped[int] = mapped_column(BigInteger, default=0)
    # BudgetExhausted is told once until money comes back (release or amendment)
    exhausted_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    citations: Mapped[list] = mapped_column(JSONB, default=list)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BudgetAmendmentRow(Base):
    __tablename__ = "budget_amendments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    budget_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("budgets.id"), index=True)
    delta: Mapped[int] = mapped_column(BigInteger)
    amount_after: Mapped[int] = mapped_column(BigInteger)
    effective_date: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
