"""Event handlers that project registry events into the coverage read model."""
from __future__ import annotations

import uuid
from functools import lru_cache

from sqlalchemy import func

from reporting.coverage.models import CoverageMembership, CoverageParticipant
from reporting.projection import Write, keep, newest, read, upsert_statement
from shared.events import Envelope

ATTRIBUTES = ("worker_type", "category", "occupation", "sex", "birth_year", "district_code", "village_code",
              "employer_id")

# an update applied earlier (it arrived first) wins over the registration's values
REGISTERED = upsert_statement(
    CoverageParticipant, "participant_id", ("participant_id", "regency_code", "registered_on", *ATTRIBUTES),
    lambda t, ex: {c: keep(t, ex, c) for c in ("registered_on", *ATTRIBUTES)})
STARTED = upsert_statement(CoverageMembership, "membership_id",
                           ("membership_id", "participant_id", "regency_code", "programs", "funding", "start_date"))
TERMINATED = upsert_statement(CoverageMembership, "membership_id",
                              ("membership_id", "participant_id", "regency_code", "end_date", "end_reason"))


@lru_cache(maxsize=64)
def updated_statement(changed: tuple[str, ...]):
    """ParticipantUpdated names some attributes; an older update arriving late is ignored."""
    return upsert_statement(
        CoverageParticipant, "participant_id", ("participant_id", "regency_code", "changed_at", *changed),
        lambda t, ex: {**{c: newest(t, ex, c, "changed_at") for c in changed},
                       "changed_at": func.greatest(t.c.changed_at, ex.changed_at)})


def participant_registered(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(REGISTERED, {"participant_id": event.participant_id, "regency_code": envelope.regency_code,
                               "registered_on": event.registered_on,
                               **{name: getattr(event, name) for name in ATTRIBUTES}})]


def participant_updated(envelope: Envelope) -> list[Write]:
    """Ordered: two updates of one participant naming different attributes must apply in turn."""
    event = read(envelope)
    changes = {k: v for k, v in event.changes.items() if k in ATTRIBUTES}
    if changes.get("employer_id"):
        changes["employer_id"] = uuid.UUID(str(changes["employer_id"]))
    if "village_code" in changes and "district_code" not in changes:
        changes["district_code"] = changes["village_code"][:6] if changes["village_code"] else None
    return [Write(updated_statement(tuple(sorted(changes))), {
        "participant_id": event.participant_id, "regency_code": envelope.regency_code,
        "changed_at": envelope.occurred_at, **changes}, ordered=True)]


def membership_started(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    return [Write(STARTED, {"membership_id": event.membership_id, "participant_id": event.participant_id,
                            "regency_code": envelope.regency_code, "programs": list(event.programs),
                            "funding": event.funding, "start_date": event.start_date})]


def membership_terminated(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    rows = [{"membership_id": membership_id, "participant_id": event.participant_id,
             "regency_code": envelope.regency_code, "end_date": event.effective_date, "end_reason": event.reason}
            for membership_id in event.membership_ids]
    return [Write(TERMINATED, rows)] if rows else []


PLANS = {
    "ParticipantRegistered": participant_registered,
    "ParticipantUpdated": participant_updated,
    "MembershipStarted": membership_started,
    "MembershipTerminated": membership_terminated,
}
