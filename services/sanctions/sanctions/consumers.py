"""Registry events this service acts on (topic lindung.registry). Each handler runs inside the
consumer's transaction; the inbox already drops redelivered events, and a repeated finding or
proof with the same content changes nothing (the domain ignores evidence it already holds).

- EmployerRegistered: the NIB map of the clearance read model.
- ComplianceGapDetected / ConstructionRegistrationOverdue: system findings that open or join a
  case where the regency's profile makes them a violation (`system_findings`).
- ComplianceRestored: the employer and its workers are registered, a proof for each open case
  that waits for it (lifting or resolving it when that was the last condition).
ContributionPaid (contribution-aid) is not consumed: it is the regency paying BPJS for aid
recipients and names no employer, so it proves nothing about any employer's case."""
from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from sanctions.cases import store
from sanctions.cases.service import Finding, apply_finding, prove, record_compliance, subject_of
from sanctions.domain import Evidence, Refused
from sanctions.profiles import known_regencies, profile_for
from shared.events import Envelope, parse_payload
from shared.logging import get_logger

log = get_logger("sanctions.consumers")


def _actor(envelope: Envelope) -> str:
    return f"event:{envelope.event_type}:{envelope.event_id}"


async def on_employer_registered(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    await store.remember_employer(session, event.employer_id, envelope.regency_code, nib=event.nib, kind=event.kind,
                                  name=event.name)


async def on_compliance_gap(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    await store.remember_employer(session, event.employer_id, envelope.regency_code, nib=event.nib)
    await _system_finding(session, envelope, event.employer_id, event.violation, f"OSS/PTSP NIB {event.nib}")


async def on_construction_overdue(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    reference = f"proyek konstruksi {event.project_id}"
    outcome = await _system_finding(session, envelope, event.employer_id, "construction_registration_overdue",
                                    reference)
    if outcome is not None and event.registered_on is not None:  # registered, but late
        await prove(session, outcome.record, Evidence("registered", reference, event.registered_on),
                    actor=_actor(envelope))


async def on_compliance_restored(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    if envelope.regency_code not in known_regencies():
        return
    await record_compliance(session, envelope.regency_code, event.employer_id,
                            Evidence("registered", event.bpjs_registration_number, event.registered_on),
                            actor=_actor(envelope))


async def _system_finding(session: AsyncSession, envelope: Envelope, employer_id: uuid.UUID, code: str,
                          reference: str):
    """Open or join a case for a finding the registry made, when the regency sanctions it."""
    if envelope.regency_code not in known_regencies():
        return None
    profile = profile_for(envelope.regency_code)
    on = envelope.occurred_at.date()
    violation = profile.violation_for_finding(code, on)
    if violation is None:
        log.info("finding_not_sanctionable", regency_code=envelope.regency_code, finding=code)
        return None
    finding = Finding(envelope.regency_code, employer_id, await subject_of(session, employer_id), violation.id,
                      "system", reference, on)
    try:
        return await apply_finding(session, finding, profile, actor=_actor(envelope),
                                   attachments={"event_id": str(envelope.event_id), "finding": code})
    except Refused as refused:  # e.g. a state organiser, whom this violation does not bind here
        log.info("finding_refused", regency_code=envelope.regency_code, finding=code, reason=str(refused))
        return None


HANDLERS = {
    "EmployerRegistered": on_employer_registered,
    "ComplianceGapDetected": on_compliance_gap,
    "ConstructionRegistrationOverdue": on_construction_overdue,
    "ComplianceRestored": on_compliance_restored,
}
