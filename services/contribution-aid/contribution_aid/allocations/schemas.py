from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.answers import Answer


class AllocationIn(BaseModel):
    """docs/API.md §8 (budget_id, participant_id, months), plus optional start month, co-financing
    share (basis points, 10000 = the whole month) and scheme."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    budget_id: uuid.UUID
    participant_id: uuid.UUID
    months: int = Field(strict=True, ge=1, le=120)
    start_month: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    share_bp: int = Field(default=10000, strict=True, ge=1, le=10000)
    scheme: str | None = Field(default=None, min_length=1, max_length=100)


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class BudgetAfter(Answer):
    committed: int
    available: int


ALLOCATION_EXAMPLE = {
    "id": "3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "budget_id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
    "participant_id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c", "regency_code": "6207",
    "scheme": "aid_recipient_verification", "funding_source": "apbd", "fiscal_year": 2026, "start_month": "2026-01",
    "months": 12, "paid_months": ["2026-01", "2026-02"], "monthly_contribution": 16800, "monthly_amount": 16800,
    "share_bp": 10000, "amount": 201600, "committed_amount": 201600, "released_from": None, "released_amount": 0,
    "decided_on": "2026-01-15", "citations": ["Perbup Lamandau No. 25/2024 Pasal 30"], "elsewhere_check": None}


class AllocationView(Answer):
    """Alokasi bantuan iuran / an aid allocation (docs/API.md §8): `amount` = months × this funder's
    monthly share of the contribution in force; after a release, `committed_amount` is what the budget
    still carries. A new allocation also answers the budget after it (`budget`)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {**ALLOCATION_EXAMPLE, "budget": {"committed": 201600, "available": 499798400}}]})
    id: str
    budget_id: str
    participant_id: str
    regency_code: str
    scheme: str
    funding_source: str
    fiscal_year: int
    start_month: str
    months: int
    paid_months: list[str]
    monthly_contribution: int
    monthly_amount: int
    share_bp: int
    amount: int
    committed_amount: int
    released_from: str | None
    released_amount: int
    decided_on: dt.date
    citations: list[str]
    elsewhere_check: dict[str, Any] | None = Field(description="what the IBR peers answered, when asked")
    budget: BudgetAfter | None = Field(None, description="on a new allocation: the budget after it")


class AllocationList(Answer):
    """Alokasi / a page of allocations; `count` is the page's, `total` all that match."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "items": [ALLOCATION_EXAMPLE], "next_cursor": None, "total": 1, "count": 1}]})
    items: list[AllocationView]
    next_cursor: str | None
    total: int | None
    count: int
