"""Request bodies of the case endpoints (docs/API.md §9); a field not listed here is a 422."""
from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sanctions.domain.vocabulary import EVIDENCE_KINDS, SERVICES
from shared.bounds import PastDate, PlannedDate

Service = Literal[tuple(sorted(SERVICES))]
EvidenceKind = Literal[tuple(sorted(EVIDENCE_KINDS))]
Reference = Field(default=None, max_length=200)


class LetterDetails(BaseModel):
    """How a request letter was sent (Lamandau Pasal 31(3): to the regent, copied to the executing
    agencies); left out, the regency's named interpretation decides."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    addressed_to: str | None = Field(default=None, max_length=50, description='"regent" for the Bupati')
    copied_to: list[str] | None = Field(default=None, max_length=20, description="agency ids, e.g. dpmptsp")


class CaseIn(LetterDetails):
    # a worker's case names the participant, no other case does (the schema says so too: `oneOf`)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"oneOf": [
        {"required": ["subject_kind", "participant_id"],
         "properties": {"subject_kind": {"const": "worker"}, "participant_id": {"type": "string"}}},
        {"properties": {"subject_kind": {"not": {"const": "worker"}}, "participant_id": {"type": "null"}}}]})
    regency_code: str = Field(pattern=r"^\d{4}$")
    employer_id: uuid.UUID
    violation: str = Field(min_length=1, max_length=100)
    source: Literal["bpjs_request", "inspector_recommendation", "system"]
    reference: str | None = Reference
    evidence: str | list[Any] | dict[str, Any] | None = Field(
        default=None, description="what the finding rests on, kept on file with the case (free form)")
    date: PastDate | None = Field(default=None, description="date of the letter or finding; default today")
    subject_kind: Literal["employer", "state_employer", "worker"] | None = Field(
        default=None, description="default: the employer (a state organiser when the registry says so)")
    participant_id: uuid.UUID | None = Field(default=None, description="the worker, when subject_kind is worker")

    @model_validator(mode="after")
    def _worker_named(self):
        if (self.subject_kind == "worker") != (self.participant_id is not None):
            raise ValueError("participant_id is given exactly when subject_kind is worker")
        return self


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    decision: Literal["impose", "reject", "lift"]
    decree_number: str = Field(min_length=1, max_length=200)
    services: list[Service] = Field(default_factory=list, max_length=len(SERVICES),
                                    description="services to deny; none named = every service the regency lists")
    date: PastDate | None = Field(default=None, description="decree date; default today")


class EvidenceIn(LetterDetails):
    kind: EvidenceKind
    reference: str | None = Reference
    date: PastDate | None = Field(default=None, description="date of the proof; default today")
    amount: int | None = Field(default=None, strict=True, ge=0, le=10**15,
                               description="rupiah, for fine_imposed / fine_paid")
    deadline: PlannedDate | None = Field(default=None, description="commitment_signed: the deadline written in it")


# ---- answers (extra="allow": the answer may carry more than is described here, never less) ----

class Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class SubjectView(Answer):
    kind: str
    id: str | None = None
    confirmed: bool | None = None


class StepView(Answer):
    name: str
    number: int
    started_on: str | None = None
    deadline: str | None = None
    citation: str | None = None
    escalated: bool = False


class FineView(Answer):
    """What is owed of the fine (Lamandau Pasal 32 huruf a, Tabalong Pasal 28(5): lifted only when paid in full)."""

    imposed: int | None = None
    paid: int | None = None
    outstanding: int | None = None
    settled: bool = False
    settled_on: str | None = None


CASE_EXAMPLE = {
    "id": "0b6f9c1e-3f57-4a0e-9a55-2c1d2b7d9a10", "number": "SNK-6207-2026-0001", "regency_code": "6207",
    "employer_id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11",
    "subject": {"kind": "employer", "id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11", "confirmed": True},
    "violation": "employer_not_registered", "opened_on": "2026-01-15", "state": "open", "active": False,
    "evidence": [], "steps": [], "sanction": None, "lifted_on": None, "closed_on": None, "decisions": [],
    "next_deadline": None, "fine": {"imposed": None, "paid": 0, "outstanding": None, "settled": False,
                                    "settled_on": None}}


class CaseView(Answer):
    """Kasus kepatuhan / A compliance case (docs/API.md §9): state on the legal ladder, evidence on file,
    the sanction in force with each service's executing agency, and what is still owed."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [CASE_EXAMPLE]})
    id: str
    regency_code: str
    violation: str
    state: Literal["open", "commitment", "warned", "fined", "sanction_requested", "imposed", "lifted",
                   "rejected", "resolved"]
    active: bool
    subject: SubjectView
    employer_id: str | None = None
    steps: list[StepView] = []
    evidence: list[dict[str, Any]] = []
    sanction: dict[str, Any] | None = None
    fine: FineView | None = None
    next_deadline: str | None = None
    joined: bool | None = None
