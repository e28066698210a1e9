"""Event contracts produced by the eligibility service (CONTRACT §11). Edit only with that service."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from shared.events.base import EventPayload, Program


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
