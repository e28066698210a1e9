from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.answers import Answer, RowErrorPage
from shared.bounds import PastDate

# a calendar month from 1990 (shared/bounds.py ERA_START) to 2099
MONTH = r"^(199[0-9]|20[0-9]{2})-(0[1-9]|1[0-2])$"


class InvoiceLineIn(BaseModel):
    """One billed person-month, named by participant id or, as BPJS bills, by NIK (resolved
    through the registry before anything is stored: the aid service holds no NIK)."""

    # exactly one of the two names the person (the schema says so too: `oneOf`)
    model_config = ConfigDict(extra="forbid", json_schema_extra={"oneOf": [
        {"required": ["participant_id"], "properties": {"participant_id": {"type": "string"}}},
        {"required": ["nik"], "properties": {"nik": {"type": "string"}}}]})

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


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class InvoicePayer(Answer):
    kind: str
    ref: str | None


class DiscrepancyView(Answer):
    """A billed line that does not match what the regency funds: `kind` (e.g. `unknown_person`,
    `already_protected_elsewhere`, `terminated_recipient`), billed and expected rupiah; the person by
    participant id, else the masked NIK BPJS billed."""

    line_no: int
    kind: str
    participant_id: str | None
    nik: str | None
    period: str
    billed: int
    expected: int | None
    detail: str | None


class PaymentView(Answer):
    id: str
    amount: int
    transfer_reference: str
    paid_on: dt.date
    paid_by: str


INVOICE_EXAMPLE = {
    "id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", "regency_code": "6207", "reference": "INV-BPJS-2026-01-6207",
    "period": "2026-01", "budget_ids": ["6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d"], "funding_source": "apbd",
    "payer": None, "lines": 1, "matched": 1, "billed_total": 16800, "matched_total": 16800,
    "counts": {"unknown_person": 0, "already_protected_elsewhere": 0, "terminated_recipient": 0},
    "status": "reconciled", "payment": None}


class InvoiceView(Answer):
    """Tagihan BPJS / a BPJS invoice reconciled against the allocations: lines, matched, totals and
    discrepancy counts by kind; `status` `reconciled` or `paid` (with the `payment`). Imported as JSON it
    also lists the `discrepancies`."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [INVOICE_EXAMPLE]})
    id: str
    regency_code: str
    reference: str
    period: str
    budget_ids: list[str]
    funding_source: str
    payer: InvoicePayer | None
    lines: int
    matched: int
    billed_total: int
    matched_total: int
    counts: dict[str, int]
    status: str
    payment: PaymentView | None = None
    discrepancies: list[DiscrepancyView] | None = None


class DiscrepancyList(Answer):
    """Selisih tagihan / an invoice's discrepancies in line order."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{"items": [{
        "line_no": 1, "kind": "unknown_person", "participant_id": None, "nik": "620701******0001",
        "period": "2026-01", "billed": 16800, "expected": 0, "detail": ""}], "count": 1}]})
    items: list[DiscrepancyView]
    count: int


class ImportLinks(Answer):
    self: str
    errors: str
    invoice: str | None = Field(description="once the import completed")


class InvoiceImportView(Answer):
    """Impor tagihan besar / a large invoice import: `status` `queued`, `running`, `completed` or `failed`
    (a file with any bad line is refused whole), rows done, row errors, and the invoice once completed."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "status": "queued", "regency_code": "6207",
        "reference": "INV-BPJS-2026-01-6207", "period": "2026-01", "invoice_id": None, "error": None,
        "rows_done": 0, "row_errors": 0, "links": {
            "self": "/v1/invoice-imports/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
            "errors": "/v1/invoice-imports/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/errors", "invoice": None}}]})
    id: str
    status: str
    regency_code: str
    reference: str
    period: str
    invoice_id: str | None
    error: str | None
    rows_done: int
    row_errors: int
    links: ImportLinks


class InvoiceImportErrors(RowErrorPage):
    import_id: str
