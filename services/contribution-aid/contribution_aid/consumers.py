"""Events this service acts on, translated into service calls. Each handler runs inside the
consumer's transaction (with its inbox row) and is an upsert, so order and repeats do not matter."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contribution_aid import rules
from contribution_aid.allocations.service import release_for_termination
from contribution_aid.participants import service as participants
from shared.events import Envelope, parse_payload


async def on_participant_registered(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    kind = event.village_kind or rules.village_kind_of(envelope.regency_code, event.village_code)
    await participants.record_registration(session, event.participant_id, envelope.regency_code,
                                           category=event.category, village_code=event.village_code,
                                           village_kind=kind, occurred_at=envelope.occurred_at)


async def on_participant_updated(session: AsyncSession, envelope: Envelope) -> None:
    """A corrected category or village reaches the earmark checks (APBDes: desa residents of the paying
    village). The registry announces the village's kind with its code; an older kind is read from the code."""
    event = parse_payload(envelope)
    changes = {k: v for k, v in event.changes.items() if k in ("category", "village_code", "village_kind")}
    if not changes:
        return
    if "village_code" in changes and "village_kind" not in changes:
        changes["village_kind"] = rules.village_kind_of(envelope.regency_code, changes["village_code"])
    await participants.record_attributes(session, event.participant_id, envelope.regency_code,
                                         envelope.occurred_at, changes)


async def on_eligibility_determined(session: AsyncSession, envelope: Envelope) -> None:
    """Only evaluations of registered participants can lead to aid (decrees and allocations name
    people by participant id); applicants known by a blind-index reference wait for registration."""
    event = parse_payload(envelope)
    if event.participant_id is None:
        return
    await participants.record_evaluation(session, event.participant_id, envelope.regency_code, scheme=event.scheme,
                                         evaluation_id=event.evaluation_id, outcome=event.outcome, as_of=event.as_of,
                                         occurred_at=envelope.occurred_at)


async def on_membership_started(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    await participants.record_membership(session, event.membership_id, event.participant_id, funding=event.funding,
                                         start_date=event.start_date)


async def on_membership_terminated(session: AsyncSession, envelope: Envelope) -> None:
    """Stopping aid: the participant is no longer funded after the effective date."""
    event = parse_payload(envelope)
    for membership_id in event.membership_ids:
        await participants.record_membership(session, membership_id, event.participant_id,
                                             end_date=event.effective_date)
    await participants.record_termination(session, event.participant_id, envelope.regency_code,
                                          reason=event.reason, effective_date=event.effective_date)
    await release_for_termination(session, event.participant_id, envelope.regency_code, event.reason,
                                  event.effective_date)


async def on_termination_recommended(session: AsyncSession, envelope: Envelope) -> None:
    """Re-verification says remove: kept off the next decree (with this reason) until the
    regent's decision ends the membership (MembershipTerminated)."""
    event = parse_payload(envelope)
    await participants.record_recommendation(session, event.participant_id, envelope.regency_code, event.reason,
                                             event.as_of)


HANDLERS = {
    "ParticipantRegistered": on_participant_registered,
    "ParticipantUpdated": on_participant_updated,
    "EligibilityDetermined": on_eligibility_determined,
    "MembershipStarted": on_membership_started,
    "MembershipTerminated": on_membership_terminated,
    "TerminationRecommended": on_termination_recommended,
}
