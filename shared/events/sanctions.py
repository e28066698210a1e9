"""Event contracts produced by the sanctions service (CONTRACT §11). Edit only with that service."""
from __future__ import annotations

import uuid

from shared.events.base import EventPayload


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
