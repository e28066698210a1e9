"""Event contracts produced by the eligibility service (docs/API.md §11). Edit only with that service."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from shared.events.base import EventPayload, Program


class EligibilityDetermined(EventPayload):
    event_type, producer, key_field = "EligibilityDetermined", "eligibility", "subject_ref"
    description = ("An applicant was evaluated for a scheme (POST /v1/evaluations); the subject is named by "
                   "`participant:<id>` when the request gave participant_id, else `nik:<keyed blind index>`, else "
                   "`evaluation:<id>` - never by NIK.")
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
    description = ("Re-verification found an aid recipient should be removed (TTS Pasal 20(1)); at most once per "
                   "participant, reason and quarter. The removal itself needs the regent's decree (Pasal 20(2)).")
    participant_id: uuid.UUID
    reason: Literal["no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out", "not_found",
                    "identity_error", "voluntary_withdrawal"]
    as_of: dt.date
    citation: str
    scheme: str | None = None
    quarter: str | None = None  # e.g. 2026-Q1 (quarter_of)


def quarter_of(day: dt.date) -> str:
    """The quarter a recommendation belongs to, as `TerminationRecommended.quarter` names it: `YYYY-Qn`."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
