"""Event contracts produced by the registry service (docs/API.md §11). Edit only with that service."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from shared.events.base import EventPayload, Program


class ParticipantRegistered(EventPayload):
    event_type, producer, key_field = "ParticipantRegistered", "registry", "participant_id"
    description = "A worker was registered as a participant in a regency's registry."
    participant_id: uuid.UUID
    worker_type: Literal["pu", "bpu"]
    category: str
    occupation: str | None = None
    sex: Literal["M", "F"]
    birth_year: int
    district_code: str | None = None
    village_code: str | None = None
    village_kind: Literal["desa", "kelurahan"] | None = None
    employer_id: uuid.UUID | None = None
    registered_on: dt.date


class ParticipantUpdated(EventPayload):
    event_type, producer, key_field = "ParticipantUpdated", "registry", "participant_id"
    description = "Non-personal attributes of a participant changed."
    participant_id: uuid.UUID
    changes: dict[str, str | int | None]


class MembershipStarted(EventPayload):
    event_type, producer, key_field = "MembershipStarted", "registry", "participant_id"
    description = ("A participant's BPJS Ketenagakerjaan membership in some programmes started; membership_id names "
                   "the programmes started together (source bpjs_sync: BPJS's membership sync reported it).")
    participant_id: uuid.UUID
    membership_id: uuid.UUID
    programs: list[Program]
    start_date: dt.date
    funding: Literal["self", "employer", "aid"]
    source: Literal["registry", "bpjs_sync"] = "registry"


class MembershipTerminated(EventPayload):
    event_type, producer, key_field = "MembershipTerminated", "registry", "participant_id"
    description = ("A participant's memberships ended (TTS Pasal 20(1) reasons, or bpjs_inactive when BPJS's "
                   "membership sync reported them inactive).")
    participant_id: uuid.UUID
    membership_ids: list[uuid.UUID]
    reason: Literal["no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out", "not_found",
                    "identity_error", "voluntary_withdrawal", "bpjs_inactive"]
    effective_date: dt.date
    decree_number: str | None = None


class EmployerRegistered(EventPayload):
    event_type, producer, key_field = "EmployerRegistered", "registry", "employer_id"
    description = ("An employer (pemberi kerja) was registered or upserted from the OSS/PTSP feed. v2 adds its "
                   "optional business name (a company's name is not personal data; letters print it).")
    event_version = 2
    employer_id: uuid.UUID
    nib: str
    name: str | None = None
    kind: Literal["state", "non_state"]
    business_scale: Literal["micro", "small", "medium", "large"]
    sector: str
    bpjs_registration_number: str | None = None
    workers: int | None = None
    # expected workforce by sex as licensed through OSS RBA (receiveNIB): a denominator for coverage
    expected_workers_male: int | None = None
    expected_workers_female: int | None = None
    region_code: str | None = None


class ConstructionProjectRegistered(EventPayload):
    event_type, producer, key_field = "ConstructionProjectRegistered", "registry", "project_id"
    description = "A construction project (jasa konstruksi) was recorded with its SPK and BPJS registration deadline."
    project_id: uuid.UUID
    employer_id: uuid.UUID
    contract_value: int
    funding_source: Literal["apbn", "apbd", "private", "individual", "foreign_aid"]
    spk_date: dt.date
    registration_deadline: dt.date
    registration_status: Literal["pending", "on_time", "late"]
    bpjs_registered_on: dt.date | None = None


class ConstructionRegistrationOverdue(EventPayload):
    event_type, producer, key_field = "ConstructionRegistrationOverdue", "registry", "project_id"
    description = "A construction project was not registered with BPJS within the deadline."
    project_id: uuid.UUID
    employer_id: uuid.UUID
    spk_date: dt.date
    registration_deadline: dt.date
    registered_on: dt.date | None = None
    citation: str


class ComplianceGapDetected(EventPayload):
    event_type, producer, key_field = "ComplianceGapDetected", "registry", "employer_id"
    description = "An employer with workers has no BPJS Ketenagakerjaan registration (OSS/PTSP feed)."
    employer_id: uuid.UUID
    nib: str
    workers: int
    violation: str
    citation: str


class ComplianceRestored(EventPayload):
    event_type, producer, key_field = "ComplianceRestored", "registry", "employer_id"
    description = "An employer registered itself and its workers with BPJS Ketenagakerjaan."
    employer_id: uuid.UUID
    bpjs_registration_number: str
    workers: int | None = None
    registered_on: dt.date


class ComplaintReceived(EventPayload):
    event_type, producer, key_field = "ComplaintReceived", "registry", "complaint_id"
    description = ("A complaint (pengaduan) was received, by a person or automatically from a finding (source); "
                   "its first stage is due on due_date (regency working days). No complainant data.")
    complaint_id: uuid.UUID
    channel: str
    category: str
    source: Literal["manual", "automatic"]
    stage: str
    received_on: dt.date
    due_date: dt.date | None


class TerminationContested(EventPayload):
    event_type, producer, key_field = "TerminationContested", "registry", "participant_id"
    description = ("A participant contests a termination of their membership (target termination: the enrollment "
                   "MembershipTerminated named) or a termination recommended by re-verification (target "
                   "recommendation: reason and quarter of TerminationRecommended); recorded once per target, with "
                   "the automatic complaint it opened (category wrongly_terminated) and that category's article. "
                   "No grounds or other personal data.")
    contest_id: uuid.UUID
    participant_id: uuid.UUID
    target: Literal["termination", "recommendation"]
    membership_id: uuid.UUID | None = None
    reason: str
    quarter: str | None = None
    received_on: dt.date
    complaint_id: uuid.UUID
    citation: str


class ComplaintAssigned(EventPayload):
    event_type, producer, key_field = "ComplaintAssigned", "registry", "complaint_id"
    description = "A complaint was forwarded to an office/person; its follow-up stage is due on due_date."
    complaint_id: uuid.UUID
    category: str
    stage: str
    due_date: dt.date | None


class ComplaintAnswered(EventPayload):
    event_type, producer, key_field = "ComplaintAnswered", "registry", "complaint_id"
    description = "A complaint was decided (upheld/rejected/referred) with reasons and the article relied on."
    complaint_id: uuid.UUID
    category: str
    decision: Literal["upheld", "rejected", "referred"]
    citation: str
    stage: str
    due_date: dt.date | None


class ComplaintEscalated(EventPayload):
    event_type, producer, key_field = "ComplaintEscalated", "registry", "complaint_id"
    description = "A complaint's stage passed its due date; it was escalated to the head of office (once per stage)."
    complaint_id: uuid.UUID
    category: str
    channel: str
    stage: str
    due_date: dt.date
    as_of: dt.date
    escalated_to: str


class ComplaintResolved(EventPayload):
    event_type, producer, key_field = "ComplaintResolved", "registry", "complaint_id"
    description = ("A complaint was closed and the complainant told by letter; on_time is false when any of its "
                   "stages was escalated.")
    complaint_id: uuid.UUID
    category: str
    channel: str
    decision: str
    received_on: dt.date
    closed_on: dt.date
    on_time: bool
