from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from shared.answers import Answer
from shared.bounds import PastDate


class DecreeIn(BaseModel):
    """A new recipient list for a scheme. Without `quota`, the quota is what the regency's
    budgets of the decree's year afford for `months` plus the people already funded; without
    `ranking` (eligibility's order when candidates exceed the quota), earlier approval ranks first."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    scheme: str = Field(min_length=1, max_length=100)
    number: str = Field(min_length=1, max_length=100)
    decree_date: PastDate
    quota: int | None = Field(default=None, strict=True, ge=0, le=10_000_000)
    months: int = Field(default=12, strict=True, ge=1, le=12)
    ranking: list[uuid.UUID] | None = Field(default=None, max_length=1_000_000)


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class Reduction(Answer):
    participant_id: str
    reason: str


DECREE_EXAMPLE = {
    "id": "7e57d004-2b97-4e2a-8f1c-3d5b6a7c8d9e", "regency_code": "6207", "scheme": "aid_recipient_verification",
    "number": "188.45/12/2026", "decree_date": "2026-01-15", "quota": 2480, "recipient_count": 1,
    "previous_id": None, "previous_number": None, "citations": ["Perbup Lamandau No. 25/2024 Pasal 31"]}


class DecreeView(Answer):
    """Keputusan penerima bantuan / a recipient decree: its number, date, quota and how many it names;
    a single decree (not a list item) also carries its recipients' participant ids in rank order, the
    additions and reductions against the previous decree, and the candidates left out as not approved."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        **DECREE_EXAMPLE, "recipients": ["1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c"],
        "additions": ["1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c"], "reductions": [], "not_approved": []}]})
    id: str
    regency_code: str
    scheme: str
    number: str
    decree_date: dt.date
    quota: int
    recipient_count: int
    previous_id: str | None
    previous_number: str | None
    citations: list[str]
    recipients: list[str] | None = None
    additions: list[str] | None = None
    reductions: list[Reduction] | None = None
    not_approved: list[str] | None = None


class DecreeList(Answer):
    """Keputusan / a page of a regency's decrees by decree date; `count` is the page's."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "items": [DECREE_EXAMPLE], "next_cursor": None, "total": 1, "count": 1}]})
    items: list[DecreeView]
    next_cursor: str | None
    total: int | None
    count: int
