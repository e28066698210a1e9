from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.answers import Answer
from shared.bounds import PlannedDate

FundingSource = Literal["apbd", "apbd_provinsi", "apbdes", "csr", "dbh_sawit", "donation", "transfer", "other"]
PayerKind = Literal["agency", "company", "village", "province", "other"]
Rupiah = Annotated[int, Field(strict=True, gt=0, le=10**15)]


class PayerIn(BaseModel):
    """Who pays and is invoiced: a PD (agency code), a company, a desa (village code), the province."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: PayerKind
    ref: str | None = Field(default=None, min_length=1, max_length=100)
    name: str | None = Field(default=None, min_length=1, max_length=200)


class BudgetIn(BaseModel):
    """docs/API.md §8, plus the optional payer."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    fiscal_year: int = Field(strict=True, ge=2000, le=2100)
    funding_source: FundingSource
    amount: Rupiah
    scheme: str | None = Field(default=None, min_length=1, max_length=100)
    payer: PayerIn | None = None


class AmendmentIn(BaseModel):
    """A change of the amount (APBD-P, a company's new pledge): recorded, never overwriting."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    delta: int = Field(strict=True, ge=-10**15, le=10**15)
    effective_date: PlannedDate
    reference: str = Field(min_length=1, max_length=200)
    reason: str = Field(default="", max_length=1000)


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class PayerView(Answer):
    kind: str
    ref: str | None
    name: str | None


class QuotaView(Answer):
    """How many people the money left pays for `months` (12 unless asked) at the contribution in force
    today, and how many person-months it pays."""

    as_of: dt.date
    monthly_contribution: int
    months: int
    people: int
    person_months: int
    citations: list[str]


class AmendmentView(Answer):
    id: str
    delta: int
    amount_after: int
    effective_date: dt.date
    reference: str
    reason: str
    recorded_by: str


class BudgetNote(Answer):
    code: str
    message: str
    citations: list[str]


BUDGET_EXAMPLE = {
    "id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", "regency_code": "6207", "fiscal_year": 2026,
    "funding_source": "apbd", "scheme": None, "payer": None, "initial_amount": 500000000, "amount": 500000000,
    "committed": 0, "available": 500000000,
    "quota": {"as_of": "2026-01-15", "monthly_contribution": 16800, "months": 12, "people": 2480,
              "person_months": 29761, "citations": ["PP 44/2015 Pasal 16"]},
    "citations": ["Perbup Lamandau No. 25/2024 Pasal 30"], "amendments": []}


class BudgetView(Answer):
    """Anggaran / a budget (docs/API.md §8): `amount` (initial plus every amendment), `committed`,
    `available`, the quota it pays for; `amendments` on a single budget, `notes` when it was recorded."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [BUDGET_EXAMPLE]})
    id: str
    regency_code: str
    fiscal_year: int
    funding_source: str
    scheme: str | None
    payer: PayerView | None
    initial_amount: int
    amount: int
    committed: int
    available: int
    quota: QuotaView
    citations: list[str]
    amendments: list[AmendmentView] | None = Field(None, description="on a single budget (not in lists)")
    notes: list[BudgetNote] | None = Field(None, description="when it is recorded: what the regency's rules note")


class BudgetList(Answer):
    """Anggaran / a page of a regency's budgets; `count` is the page's, `total` all that match."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "items": [{key: value for key, value in BUDGET_EXAMPLE.items() if key != "amendments"}],
        "next_cursor": None, "total": 1, "count": 1}]})
    items: list[BudgetView]
    next_cursor: str | None
    total: int | None
    count: int
