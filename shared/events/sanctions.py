"""Event contracts produced by the sanctions service (docs/API.md §11). Edit only with that service.

Every event is about one compliance case and is keyed by its id, so a case's events stay in
order. The subject is named by kind and id only (an employer id, or a participant id for a
worker); letter and decree numbers are the only references, never personal data. The payloads
are what `sanctions.domain` transitions produce, minus `regency_code` (it is in the envelope).
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shared.events.base import EventPayload, TwoPersons


class _CaseFacts(BaseModel):
    """Fields every case event carries. Not an EventPayload itself: the contract registry lists
    the direct subclasses of EventPayload, and each event below is one."""

    model_config = ConfigDict(extra="forbid")
    case_id: uuid.UUID
    case_number: str
    subject_kind: Literal["employer", "state_employer", "worker"]
    subject_id: str
    employer_id: uuid.UUID | None = None
    violation: str
    state: str


class ExecutingAgency(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str


class CaseOpened(EventPayload, _CaseFacts):
    event_type, producer, key_field = "CaseOpened", "sanctions", "case_id"
    description = "A compliance case was opened against an employer (or a worker) on a first finding."
    source: Literal["bpjs_request", "inspector_recommendation", "system"]
    reference: str | None = None
    opened_on: dt.date


class ComplianceFindingJoined(EventPayload, _CaseFacts):
    event_type, producer, key_field = "ComplianceFindingJoined", "sanctions", "case_id"
    description = "A further finding on the same subject and violation joined the open case."
    kind: str
    reference: str | None = None


class ComplianceEvidenceRecorded(EventPayload, _CaseFacts, TwoPersons):
    event_type, producer, key_field = "ComplianceEvidenceRecorded", "sanctions", "case_id"
    description = "Evidence (a proof of compliance or a document on file) was recorded on a case."
    kind: str
    reference: str | None = None


class WarningIssued(EventPayload, _CaseFacts):
    event_type, producer, key_field = "WarningIssued", "sanctions", "case_id"
    description = "A written warning was issued; the case waits until its deadline."
    number: int
    deadline: dt.date
    reference: str | None = None
    citation: str | None = None


class FineImposed(EventPayload, _CaseFacts):
    event_type, producer, key_field = "FineImposed", "sanctions", "case_id"
    description = "An administrative fine was imposed; it is to be paid by its deadline."
    amount: int | None = None
    deadline: dt.date
    reference: str | None = None
    citation: str | None = None


class CommitmentSigned(EventPayload, _CaseFacts):
    event_type, producer, key_field = "CommitmentSigned", "sanctions", "case_id"
    description = "The employer signed a written commitment to settle its obligations by a deadline (Berau 28(3))."
    deadline: dt.date
    reference: str | None = None
    citation: str | None = None


class SanctionRequested(EventPayload, _CaseFacts):
    event_type, producer, key_field = "SanctionRequested", "sanctions", "case_id"
    description = "Denial of certain public services (TMP2T) was requested for an employer."
    requested_by: str
    reference: str | None = None
    citation: str | None = None


class SanctionImposed(EventPayload, _CaseFacts, TwoPersons):
    event_type, producer, key_field = "SanctionImposed", "sanctions", "case_id"
    description = "A sanction (TMP2T) was imposed by decree; each service is denied by its executing agency."
    decree_number: str
    imposed_on: dt.date
    services: list[str]
    executing_agencies: dict[str, ExecutingAgency]
    citations: list[str]


class SanctionEscalated(EventPayload, _CaseFacts):
    event_type, producer, key_field = "SanctionEscalated", "sanctions", "case_id"
    description = "A case moved up the legal ladder after a missed deadline."
    from_step: str
    to_step: str
    missed_deadline: dt.date
    next_deadline: dt.date | None = None
    citation: str | None = None


class SanctionLifted(EventPayload, _CaseFacts, TwoPersons):
    event_type, producer, key_field = "SanctionLifted", "sanctions", "case_id"
    description = "A sanction was lifted because the lifting conditions all hold."
    lifted_on: dt.date
    decree_number: str
    lifting_decree_number: str | None = None
    services: list[str]
    executing_agencies: dict[str, ExecutingAgency]
    citation: str | None = None


class SanctionRejected(EventPayload, _CaseFacts):
    event_type, producer, key_field = "SanctionRejected", "sanctions", "case_id"
    description = "The regency decided not to impose the requested sanction; the case is closed."
    decree_number: str
    rejected_on: dt.date


class ComplianceCaseResolved(EventPayload, _CaseFacts):
    event_type, producer, key_field = "ComplianceCaseResolved", "sanctions", "case_id"
    description = "The obligations were met before any sanction was imposed; the case is closed."
    resolved_on: dt.date
