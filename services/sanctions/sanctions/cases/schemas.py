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
