"""Bodies and answers of docs/API.md §15 (complaints, data-subject requests, breach register)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate

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
    discovered_at: dt.datetime
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
    dpo: dict


class NotifiedIn(_Body):
    notified_at: dt.datetime
