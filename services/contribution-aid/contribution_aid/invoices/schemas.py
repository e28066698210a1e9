from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.bounds import PastDate

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class InvoiceLineIn(BaseModel):
    """One billed person-month, named by participant id or, as BPJS bills, by NIK (resolved
    through the registry before anything is stored: the aid service holds no NIK)."""

    model_config = ConfigDict(extra="forbid")

    participant_id: uuid.UUID | None = None
    nik: str | None = Field(default=None, pattern=r"^\d{16}$")
    period: str | None = Field(default=None, pattern=MONTH)  # default: the invoice's period
    amount: int = Field(strict=True, ge=0, le=10**12)

    @model_validator(mode="after")
    def _one_person(self):
        if (self.participant_id is None) == (self.nik is None):
            raise ValueError("give either participant_id or nik")
        return self


class InvoiceHeader(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    reference: str = Field(min_length=1, max_length=200)  # BPJS's invoice number
    period: str = Field(pattern=MONTH)
    budget_ids: list[uuid.UUID] = Field(min_length=1, max_length=100)  # one payer's budgets


class InvoiceIn(InvoiceHeader):
    lines: list[InvoiceLineIn] = Field(min_length=1, max_length=2_000_000)


class PaymentIn(BaseModel):
    """The treasurer's transfer to BPJS. Without `amount`, what reconciliation matched is paid."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    transfer_reference: str = Field(min_length=1, max_length=200)
    paid_on: PastDate
    amount: int | None = Field(default=None, strict=True, gt=0, le=10**15)
