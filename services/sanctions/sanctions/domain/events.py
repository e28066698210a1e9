"""Building the domain events and decision records transitions return."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .case_state import Case
from .profile import SanctionsProfile
from .records import DecisionRecord, DomainEvent, Missing, Reason, Transition

# Event names (docs/API.md §11: past-tense facts).
CASE_OPENED = "CaseOpened"  # the name published since the first contract
FINDING_JOINED = "ComplianceFindingJoined"
EVIDENCE_RECORDED = "ComplianceEvidenceRecorded"
WARNING_ISSUED = "WarningIssued"
FINE_IMPOSED = "FineImposed"
COMMITMENT_SIGNED = "CommitmentSigned"
SANCTION_REQUESTED = "SanctionRequested"
SANCTION_IMPOSED = "SanctionImposed"
SANCTION_ESCALATED = "SanctionEscalated"
SANCTION_LIFTED = "SanctionLifted"
SANCTION_REJECTED = "SanctionRejected"
CASE_RESOLVED = "ComplianceCaseResolved"


def case_event(name: str, case: Case, **extra: Any) -> DomainEvent:
    """An event about a case; the subject is named by kind and id only."""
    payload = {
        "case_id": case.id, "case_number": case.number, "regency_code": case.regency_code,
        "subject_kind": case.subject.kind, "subject_id": case.subject.id,
        "employer_id": case.subject.id if case.subject.kind != "worker" else None,
        "violation": case.violation, "state": case.state.value,
    }
    payload.update({k: _plain(v) for k, v in extra.items()})
    return DomainEvent(name, payload)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def decision(action: str, outcome: str, on: dt.date, profile: SanctionsProfile, *,
             reasons: Iterable[Reason] = (), missing: Iterable[Missing] = (),
             citations: Iterable[str | None] = (), interpretations: Iterable[str | None] = ()) -> DecisionRecord:
    reasons, missing = tuple(reasons), tuple(missing)
    every = list(citations) + [r.citation for r in reasons] + [m.citation for m in missing]
    return DecisionRecord(
        action=action, outcome=outcome, on=on, reasons=reasons, missing=missing,
        citations=tuple(dict.fromkeys(c for c in every if c)),
        interpretations=tuple(dict.fromkeys(i for i in interpretations if i)),
        profile_version=profile.version,
    )


def transition(case: Case, events: Iterable[DomainEvent], record: DecisionRecord) -> Transition:
    """The new case (with the decision appended to its history), its events and the record."""
    events = tuple(events)
    updated = case.with_changes(decisions=case.decisions + (record,))
    # events carry the state after the transition
    events = tuple(DomainEvent(e.name, {**e.payload, "state": updated.state.value}) for e in events)
    return Transition(updated, events, record)


def unchanged(case: Case, record: DecisionRecord) -> Transition:
    """Nothing happened (a retry, a check with nothing due): the case is returned as it was, so
    repeating the call leaves no trace in the case history."""
    return Transition(case, (), record)
