"""Typed, versioned event contracts (CONTRACT §11). Payloads name people by id, never by NIK
or mother's maiden name. Each contract knows its topic (the producing service's) and the
payload field that keys it, so one aggregate's events stay in order on one partition."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

Program = Literal["JKK", "JKM", "JHT", "JP", "JKP"]


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_type: ClassVar[str]
    event_version: ClassVar[int] = 1
    producer: ClassVar[str]
    key_field: ClassVar[str]
    description: ClassVar[str] = ""


def topic_for(producer: str) -> str:
    return f"lindung.{producer}"


DEAD_LETTER_TOPIC = "lindung.dead-letter"

# --- registry ---------------------------------------------------------------------------


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
    description = "A participant's BPJS Ketenagakerjaan membership in some programmes started."
    participant_id: uuid.UUID
    membership_id: uuid.UUID
    programs: list[Program]
    start_date: dt.date
    funding: Literal["self", "employer", "aid"]
    source: Literal["registry", "bpjs_sync"] = "registry"


class MembershipTerminated(EventPayload):
    event_type, producer, key_field = "MembershipTerminated", "registry", "participant_id"
    description = "A participant's memberships ended (TTS Pasal 20(1) reasons)."
    participant_id: uuid.UUID
    membership_ids: list[uuid.UUID]
    reason: Literal["no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out", "not_found",
                    "identity_error", "voluntary_withdrawal", "bpjs_inactive"]
    effective_date: dt.date
    decree_number: str | None = None


class EmployerRegistered(EventPayload):
    event_type, producer, key_field = "EmployerRegistered", "registry", "employer_id"
    description = "An employer (pemberi kerja) was registered or upserted from the OSS/PTSP feed."
    employer_id: uuid.UUID
    nib: str
    kind: Literal["state", "non_state"]
    business_scale: Literal["micro", "small", "medium", "large"]
    sector: str
    bpjs_registration_number: str | None = None
    workers: int | None = None


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


# --- eligibility ------------------------------------------------------------------------


class EligibilityDetermined(EventPayload):
    event_type, producer, key_field = "EligibilityDetermined", "eligibility", "subject_ref"
    description = "An applicant was evaluated for a scheme; subject named by participant id or blind-index reference."
    evaluation_id: uuid.UUID
    subject_ref: str
    participant_id: uuid.UUID | None = None
    scheme: str
    as_of: dt.date
    outcome: Literal["eligible", "ineligible", "needs_information"]
    programs: list[Program]
    regulation_id: str
    profile_version: str
    failed_rules: list[str] = []


class TerminationRecommended(EventPayload):
    event_type, producer, key_field = "TerminationRecommended", "eligibility", "participant_id"
    description = "Re-verification found an aid recipient should be removed (TTS Pasal 20(1))."
    participant_id: uuid.UUID
    reason: Literal["no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out", "not_found",
                    "identity_error", "voluntary_withdrawal"]
    as_of: dt.date
    citation: str


# --- contribution aid -------------------------------------------------------------------


class AidAllocated(EventPayload):
    event_type, producer, key_field = "AidAllocated", "contribution-aid", "participant_id"
    description = "A budget committed contribution aid for a participant for some months."
    allocation_id: uuid.UUID
    budget_id: uuid.UUID
    participant_id: uuid.UUID
    funding_source: str
    fiscal_year: int
    months: int
    start_month: str
    amount: int


class AidReleased(EventPayload):
    event_type, producer, key_field = "AidReleased", "contribution-aid", "participant_id"
    description = "Committed aid months were released back to the budget."
    allocation_id: uuid.UUID
    budget_id: uuid.UUID
    participant_id: uuid.UUID
    funding_source: str
    months_released: int
    amount_released: int
    reason: str


class BudgetExhausted(EventPayload):
    event_type, producer, key_field = "BudgetExhausted", "contribution-aid", "budget_id"
    description = "A budget could not afford an allocation."
    budget_id: uuid.UUID
    funding_source: str
    fiscal_year: int
    available: int
    requested: int


class DecreeIssued(EventPayload):
    event_type, producer, key_field = "DecreeIssued", "contribution-aid", "decree_id"
    description = "A regent's decree (Keputusan Bupati) fixed a recipient list or its changes."
    decree_id: uuid.UUID
    decree_number: str
    decree_date: dt.date
    scheme: str
    added: list[uuid.UUID]
    removed: list[uuid.UUID]
    recipients: int


class InvoiceReconciled(EventPayload):
    event_type, producer, key_field = "InvoiceReconciled", "contribution-aid", "invoice_id"
    description = "A BPJS invoice was reconciled against allocations."
    invoice_id: uuid.UUID
    period: str
    lines: int
    matched: int
    discrepancies: dict[str, int]
    amount: int


class ContributionPaid(EventPayload):
    event_type, producer, key_field = "ContributionPaid", "contribution-aid", "invoice_id"
    description = "The treasurer paid a BPJS invoice."
    invoice_id: uuid.UUID
    period: str
    amount: int
    funding_source: str
    transfer_reference: str
    paid_on: dt.date


# --- sanctions --------------------------------------------------------------------------


class CaseOpened(EventPayload):
    event_type, producer, key_field = "CaseOpened", "sanctions", "employer_id"
    description = "A compliance case was opened against an employer."
    case_id: uuid.UUID
    employer_id: uuid.UUID
    violation: str
    source: str


class SanctionRequested(EventPayload):
    event_type, producer, key_field = "SanctionRequested", "sanctions", "employer_id"
    description = "Denial of certain public services (TMP2T) was requested for an employer."
    case_id: uuid.UUID
    employer_id: uuid.UUID
    violation: str
    services: list[str]
    citation: str


class SanctionImposed(EventPayload):
    event_type, producer, key_field = "SanctionImposed", "sanctions", "employer_id"
    description = "A sanction was imposed by decree."
    case_id: uuid.UUID
    employer_id: uuid.UUID
    decree_number: str | None = None
    services: list[str]
    executing_agencies: dict[str, str]
    citation: str


class SanctionEscalated(EventPayload):
    event_type, producer, key_field = "SanctionEscalated", "sanctions", "employer_id"
    description = "A case moved up the legal ladder after a missed deadline."
    case_id: uuid.UUID
    employer_id: uuid.UUID
    from_step: str
    to_step: str
    citation: str


class SanctionLifted(EventPayload):
    event_type, producer, key_field = "SanctionLifted", "sanctions", "employer_id"
    description = "A sanction was lifted because the lifting conditions all hold."
    case_id: uuid.UUID
    employer_id: uuid.UUID
    services: list[str]
    citation: str


ALL_CONTRACTS: list[type[EventPayload]] = [c for c in EventPayload.__subclasses__()]
BY_TYPE: dict[str, type[EventPayload]] = {c.event_type: c for c in ALL_CONTRACTS}
