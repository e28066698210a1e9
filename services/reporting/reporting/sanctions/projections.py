"""Event handlers that project sanctions events into the case read model. Every case event
carries the case's facts and state; each handler upserts them keyed by case id, keeps the
state of the newest event, and fills the date its event states, so any order converges."""
from __future__ import annotations

from sqlalchemy import func

from reporting.projection import Write, newest, read, upsert_statement
from reporting.sanctions.models import SanctionCase
from shared.events import Envelope

# event type -> (payload date field, case column it fills)
DATES = {
    "CaseOpened": ("opened_on", "opened_on"),
    "SanctionImposed": ("imposed_on", "imposed_on"),
    "SanctionLifted": ("lifted_on", "lifted_on"),
    "SanctionRejected": ("rejected_on", "closed_on"),
    "ComplianceCaseResolved": ("resolved_on", "closed_on"),
}
OTHER_CASE_EVENTS = ("ComplianceFindingJoined", "ComplianceEvidenceRecorded", "WarningIssued", "FineImposed",
                     "CommitmentSigned", "SanctionRequested", "SanctionEscalated")
FACTS = ("case_id", "regency_code", "subject_kind", "subject_id", "employer_id", "violation", "state", "state_at")


def _statement(event_type: str):
    extra = ["source"] if event_type == "CaseOpened" else []
    dated = DATES.get(event_type)
    if dated:
        extra.append(dated[1])

    def changes(t, ex):
        out = {"state": newest(t, ex, "state", "state_at"), "state_at": func.greatest(t.c.state_at, ex.state_at)}
        if "source" in extra:
            out["source"] = ex.source
        if dated:   # the first date wins: a repeated event cannot move it later
            out[dated[1]] = func.least(t.c[dated[1]], ex[dated[1]])
        return out

    return upsert_statement(SanctionCase, "case_id", (*FACTS, *extra), changes)


STATEMENTS = {event_type: _statement(event_type) for event_type in (*DATES, *OTHER_CASE_EVENTS)}


def case_event(envelope: Envelope) -> list[Write]:
    event = read(envelope)
    values = {"case_id": event.case_id, "regency_code": envelope.regency_code, "subject_kind": event.subject_kind,
              "subject_id": event.subject_id, "employer_id": event.employer_id, "violation": event.violation,
              "state": event.state, "state_at": envelope.occurred_at}
    if envelope.event_type == "CaseOpened":
        values["source"] = event.source
    dated = DATES.get(envelope.event_type)
    if dated:
        values[dated[1]] = getattr(event, dated[0])
    return [Write(STATEMENTS[envelope.event_type], values)]


PLANS = {event_type: case_event for event_type in STATEMENTS}
