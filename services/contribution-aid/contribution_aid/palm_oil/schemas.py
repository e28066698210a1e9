from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.answers import Answer
from shared.bounds import PastDate

Money = Annotated[int, Field(strict=True, ge=0, le=10**15)]


class RkpIn(BaseModel):
    """Pasal 26(4): the proposal from verified candidates (approved palm-oil evaluations) in
    `ranking` order when given, else earliest approval first."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    fiscal_year: int = Field(strict=True, ge=2000, le=2100)
    ceiling: Money  # the DBH Sawit pagu for the programme
    duration_months: int = Field(strict=True, ge=1, le=12)
    ranking: list[uuid.UUID] | None = Field(default=None, max_length=1_000_000)


class AdjustmentIn(BaseModel):
    """Pasal 26(6): recipients who died are removed (from the participant view); with
    `realised_ceiling` below the plan, the lowest ranked are cut until it fits."""

    model_config = ConfigDict(extra="forbid")

    realised_ceiling: Money | None = None


class ShortfallIn(BaseModel):
    """Pasal 25(3): DBH Sawit revenue fell; the uncovered part is paid from APBD by a recorded decision."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    realised_ceiling: Money
    decision_reference: str = Field(default="", max_length=200)
    decided_on: PastDate
    apbd_budget_id: uuid.UUID | None = None


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class RkpFieldView(Answer):
    code: str
    label: str
    value: int
    citation: str


class RemovedRecipient(Answer):
    participant_id: str
    reason: str
    citation: str | None = None


class RkpChange(Answer):
    """A recorded change of the RKP: `adjustment` (Pasal 26(6)) or `shortfall` moved to APBD (Pasal 25(3))."""

    kind: str
    version: int
    realised_ceiling: int | None
    removed: list[RemovedRecipient]
    added: list[str]
    amount: int | None
    decision_reference: str | None
    decided_on: dt.date | None
    apbd_budget_id: str | None
    citations: list[str]


RKP_EXAMPLE = {
    "id": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "regency_code": "6101", "fiscal_year": 2026, "ceiling": 100000000,
    "monthly_amount": 16800, "duration_months": 12, "recipient_count": 1, "amount": 201600,
    "recipients": ["1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c"], "waiting": [],
    "fields": [{"code": "ceiling", "label": "Pagu", "value": 100000000, "citation": "Perbup Sambas Pasal 26 ayat (4)"}],
    "citations": ["Perbup Sambas Pasal 26 ayat (4)"], "version": 1}


class RkpView(Answer):
    """Rencana kerja dan anggaran (RKP) DBH Sawit / the palm-oil aid work plan: recipients in rank order
    within the ceiling, those waiting, its fields with their articles; a read also lists the recorded
    `changes`, an adjustment the recipients `removed` and `added` by it."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{**RKP_EXAMPLE, "changes": []}]})
    id: str
    regency_code: str
    fiscal_year: int
    ceiling: int
    monthly_amount: int
    duration_months: int
    recipient_count: int
    amount: int
    recipients: list[str]
    waiting: list[str]
    fields: list[RkpFieldView]
    citations: list[str]
    version: int
    changes: list[RkpChange] | None = None
    removed: list[RemovedRecipient] | None = None
    added: list[str] | None = None


class ShortfallDecisionView(Answer):
    reference: str
    decided_on: dt.date
    apbd_budget_id: str | None


class ShortfallMove(Answer):
    """Kekurangan DBH Sawit dibayar APBD / the uncovered part moved to APBD by a recorded decision."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "rkp_id": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "from_source": "dbh_sawit", "to_source": "apbd",
        "amount": 201600, "recipients": ["1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c"],
        "decision": {"reference": "900/12/BPKAD/2026", "decided_on": "2026-01-15", "apbd_budget_id": None},
        "citations": ["Perbup Sambas Pasal 25 ayat (3)"]}]})
    rkp_id: str
    from_source: str
    to_source: str
    amount: int
    recipients: list[str]
    decision: ShortfallDecisionView
    citations: list[str]
