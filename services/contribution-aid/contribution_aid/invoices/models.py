"""BPJS invoices (surat penagihan, Berau Pasal 21) as imported, each line with its
reconciliation flag, and the treasurer's payment."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contribution_aid.database import Base


class InvoiceRow(Base):
    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("regency_code", "reference", name="invoices_reference_once_per_regency"),
                      Index("invoices_by_budget", "budget_ids", postgresql_using="gin"))

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    reference: Mapped[str] = mapped_column(Text)
    period: Mapped[str] = mapped_column(String(7))
    budget_ids: Mapped[list] = mapped_column(JSONB)  # the payer's budgets it bills against
    funding_source: Mapped[str] = mapped_column(String(16))
    payer_kind: Mapped[str | None] = mapped_column(String(16))
    payer_ref: Mapped[str | None] = mapped_column(Text)
    line_count: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    billed_total: Mapped[int] = mapped_column(BigInteger)
    matched_total: Mapped[int] = mapped_column(BigInteger)
    counts: Mapped[dict] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(16))  # reconciled / paid
    imported_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InvoiceLineRow(Base):
    __tablename__ = "invoice_lines"
    # reconciliation of a large import reads the lines person by person
    __table_args__ = (Index("ix_invoice_lines_invoice_participant", "invoice_id", "participant_id"),)

    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # None: a NIK the registry does not know
    nik_masked: Mapped[str | None] = mapped_column(String(16))  # that NIK, masked (never stored in clear)
    period: Mapped[str] = mapped_column(String(7))
    amount: Mapped[int] = mapped_column(BigInteger)
    flag: Mapped[str | None] = mapped_column(String(32))  # a discrepancy kind, None when it matched
    expected: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str | None] = mapped_column(Text)


class PaymentRow(Base):
    __tablename__ = "payments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), unique=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    transfer_reference: Mapped[str] = mapped_column(Text)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    paid_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InvoiceImportRow(Base):
    """A large invoice file being imported by the worker (shared/jobs; the job has the same id)."""

    __tablename__ = "invoice_imports"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    reference: Mapped[str] = mapped_column(Text)
    period: Mapped[str] = mapped_column(String(7))
    budget_ids: Mapped[list] = mapped_column(JSONB)
    imported_by: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))  # queued / completed / failed
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
