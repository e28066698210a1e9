from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contribution_aid.budgets.schemas import BUDGET_EXAMPLE, BudgetView
from contribution_aid.decrees.schemas import DecreeView
from contribution_aid.invoices.schemas import MONTH
from shared.answers import Answer
from shared.bounds import PastDate


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=64)  # a document code of the source's list in aid.yaml
    reference: str = Field(min_length=1, max_length=200)  # letter number, file name, certificate number
    period_start: str = Field(pattern=MONTH)
    period_end: str = Field(pattern=MONTH)
    dated: PastDate

    @model_validator(mode="after")
    def _ordered(self):
        if self.period_end < self.period_start:
            raise ValueError("period_end must not be before period_start")
        return self


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

DOCUMENT_EXAMPLE = {
    "id": "2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081", "budget_id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
    "code": "sp2d", "reference": "SP2D/0012/2026", "period_start": "2026-01", "period_end": "2026-03",
    "dated": "2026-01-15", "recorded_by": "dinas-6405"}


class DocumentView(Answer):
    """Dokumen pertanggungjawaban / a recorded accountability document of a budget and period."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [DOCUMENT_EXAMPLE]})
    id: str
    budget_id: str
    code: str
    reference: str
    period_start: str
    period_end: str
    dated: dt.date
    recorded_by: str


class DocumentStatusView(Answer):
    code: str
    label: str
    citation: str
    status: Literal["present", "missing"]


class PackInvoice(Answer):
    id: str
    reference: str
    period: str
    lines: int
    billed_total: int
    matched_total: int
    counts: dict[str, int]
    status: str


class PackPayment(Answer):
    invoice_id: str
    amount: int
    transfer_reference: str
    paid_on: dt.date


class AccountabilityPackView(Answer):
    """Berkas pertanggungjawaban / the checklist of a budget's accountability file for a period (Berau
    Pasal 23/24): each required document present or missing, and what the file bundles."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regency_code": "6405", "funding_source": "apbd", "pack_kind": "agency", "period_start": "2026-01",
        "period_end": "2026-03", "complete": True, "missing": [], "note": "",
        "citations": ["Perbup Berau Pasal 23"],
        "documents": [{"code": "sp2d", "label": "SP2D", "citation": "Perbup Berau Pasal 23", "status": "present"}],
        "budget": {key: value for key, value in BUDGET_EXAMPLE.items() if key != "amendments"},
        "decrees": [], "invoices": [], "payments": [], "recorded_documents": [DOCUMENT_EXAMPLE]}]})
    regency_code: str
    funding_source: str
    pack_kind: str | None
    period_start: str
    period_end: str
    complete: bool
    missing: list[str]
    note: str
    citations: list[str]
    documents: list[DocumentStatusView]
    budget: BudgetView
    decrees: list[DecreeView]
    invoices: list[PackInvoice]
    payments: list[PackPayment]
    recorded_documents: list[DocumentView]
