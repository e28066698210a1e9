"""Bodies and answers of docs/API.md §15 (complaints, data-subject requests, breach register)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate, PastMoment

REGENCY = r"^\d{4}$"
Text = Field(min_length=1, max_length=4000)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Complainant(_Body):
    name: str = Field(min_length=1, max_length=300)
    contact: str = Field(min_length=1, max_length=300)
    participant_id: uuid.UUID | None = None
    employer_id: uuid.UUID | None = None


class Subject(_Body):
    kind: str = Field(max_length=32)
    id: str = Field(min_length=1, max_length=100)


class ComplaintIn(_Body):
    regency_code: str = Field(pattern=REGENCY)
    channel: str = Field(max_length=64)
    category: str = Field(max_length=64)
    complainant: Complainant
    subject: Subject | None = None
    description: str = Text
    received_on: PastDate
    lapor_tracking_id: str | None = Field(default=None, min_length=1, max_length=100)


class Created(BaseModel):
    id: str
    stage: str
    due_date: dt.date | None


class AssignIn(_Body):
    assignee: str = Field(min_length=1, max_length=200, description="the client or person who handles it")
    office: str | None = Field(default=None, max_length=300)
    on: PastDate | None = None


class NoteIn(_Body):
    text: str = Text


class DecideIn(_Body):
    decision: Literal["upheld", "rejected", "referred"]
    reasons: str = Text
    citation: str = Field(min_length=1, max_length=300, description="the article relied on")
    on: PastDate | None = None


class CloseIn(_Body):
    letter_number: str = Field(min_length=1, max_length=200, description="the letter telling the complainant")
    sent_on: PastDate | None = None


class StageAnswer(BaseModel):
    id: str
    stage: str
    due_date: dt.date | None


class TimelineEntry(BaseModel):
    kind: str
    stage: str
    actor: str
    at: dt.datetime
    text: str | None
    details: dict


class ComplaintOut(BaseModel):
    id: str
    regency_code: str
    channel: str
    category: str
    lapor_tracking_id: str | None
    complainant: dict
    subject: dict | None
    description: str | None
    received_on: dt.date
    stage: str
    due_date: dt.date | None
    overdue: bool
    assignee: str | None
    office: str | None
    escalated_to: str | None
    decision: str | None
    decision_citation: str | None
    letter_number: str | None
    closed_on: dt.date | None
    source: str
    personal_data_masked: bool
    timeline: list[TimelineEntry] = []


class ComplaintPage(BaseModel):
    items: list[ComplaintOut]
    next_cursor: str | None


class RecordsOut(BaseModel):
    participants: list[dict]
    employers: list[dict]
    other: list[dict]


class DataSubjectRequestIn(_Body):
    regency_code: str = Field(pattern=REGENCY)
    kind: Literal["access", "correction", "restriction", "consent_withdrawal"]
    nik: str = Field(min_length=16, max_length=32, json_schema_extra={"pattern": r"^\d{16}$"})  # as parse_nik reads it
    details: str | None = Field(default=None, max_length=4000)


class DpoOut(BaseModel):
    """The regency's data-protection officer in force (complaints.yaml `dpo`, dated and cited);
    `contact` null and `published` false until the regency publishes it."""

    office: str | None
    contact: str | None
    published: bool
    valid_from: dt.date | None
    citation: str | None


class DataSubjectRequestOut(BaseModel):
    id: str
    kind: str
    state: str
    nik: str
    routed_to: str | None
    received_at: dt.datetime
    due_at: dt.datetime
    citation: str
    exceptions_citation: str | None = None
    dpo: DpoOut


class AccessExport(BaseModel):
    request: DataSubjectRequestOut
    controller: dict
    participants: list[dict]
    memberships: list[dict]
    candidates: list[dict]
    complaints: list[dict]
    reads: list[dict]


class BreachIn(_Body):
    regency_code: str = Field(pattern=REGENCY)
    discovered_at: PastMoment
    description: str = Text
    data_kinds: list[str] = Field(min_length=1, max_length=20)
    subjects_affected: int = Field(strict=True, ge=0, le=100_000_000)


class BreachOut(BaseModel):
    id: str
    regency_code: str
    discovered_at: dt.datetime
    notify_by: dt.datetime
    notified_at: dt.datetime | None
    data_kinds: list[str]
    subjects_affected: int
    citation: str
    dpo: DpoOut


class NotifiedIn(_Body):
    notified_at: PastMoment


class ContestIn(_Body):
    """A participant contests a termination (`membership_id`: the enrollment it closed) or a
    termination recommended by re-verification (`reason` and `quarter`)."""

    membership_id: uuid.UUID | None = None
    reason: str | None = Field(default=None, max_length=64)
    quarter: str | None = Field(default=None, max_length=7, examples=["2026-Q1"])
    received_on: PastDate
    grounds: str | None = Field(default=None, min_length=1, max_length=4000,
                                description="the person's grounds (personal data: sealed, never in events)")


class ContestOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "0b8f3c1e-4d2a-4c55-9a7e-0e2f6f3b2a11", "participant_id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11",
        "target": "recommendation", "membership_id": None, "reason": "no_longer_vulnerable", "quarter": "2026-Q1",
        "received_on": "2026-04-02", "citation": "Perbup Tabalong No. 5/2025 Pasal 21 ayat (6)",
        "complaint_id": "1c2d3e4f-0f5a-4c55-8a7e-0e2f6f3b2a11", "complaint_due_date": "2026-04-07"}]})
    id: str
    participant_id: str
    target: Literal["termination", "recommendation"]
    membership_id: str | None
    reason: str
    quarter: str | None
    received_on: dt.date
    citation: str
    complaint_id: str
    complaint_due_date: dt.date | None


class CorrectionIn(_Body):
    """The corrected values of the requester's record (UU 27/2022 Pasal 6); at least one. The NIK,
    and the birth date and sex it encodes, are not corrected here (an identity error ends the record)."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": [name], "properties": {name: {"type": "string"}}}
        for name in ("full_name", "birth_place", "address", "mother_maiden_name")]})
    participant_id: uuid.UUID
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    birth_place: str | None = Field(default=None, min_length=1, max_length=100)
    address: str | None = Field(default=None, min_length=1, max_length=500)
    mother_maiden_name: str | None = Field(default=None, min_length=1, max_length=200)


class CorrectionOut(BaseModel):
    request: DataSubjectRequestOut
    participant_id: str
    corrected: list[str]


class CorrectionFiled(BaseModel):
    """The correction as filed: the requester's record and the new values (personal data)."""

    request_id: str
    version: str
    state: str
    participant_id: str
    values: dict[str, str]
