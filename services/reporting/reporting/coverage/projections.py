"""Event handlers that project registry events into the coverage read model."""
from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events import Envelope, parse_payload
from reporting.coverage.models import CoverageMembership, CoverageParticipant, RegencyWatermark


async def advance_watermark(session: AsyncSession, envelope: Envelope) -> None:
    stmt = insert(RegencyWatermark).values(regency_code=envelope.regency_code,
                                           newest_event_at=envelope.occurred_at, events_applied=1)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[RegencyWatermark.regency_code],
        set_={"newest_event_at": func.greatest(RegencyWatermark.newest_event_at, stmt.excluded.newest_event_at),
              "events_applied": RegencyWatermark.events_applied + 1}))


async def on_participant_registered(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    await session.execute(insert(CoverageParticipant).values(
        participant_id=event.participant_id, regency_code=envelope.regency_code, worker_type=event.worker_type,
        category=event.category, sex=event.sex, birth_year=event.birth_year, district_code=event.district_code,
        village_code=event.village_code, registered_on=event.registered_on,
    ).on_conflict_do_nothing())
    await advance_watermark(session, envelope)


async def on_membership_started(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    values = {"programs": list(event.programs), "funding": event.funding, "start_date": event.start_date}
    stmt = insert(CoverageMembership).values(membership_id=event.membership_id, participant_id=event.participant_id,
                                             regency_code=envelope.regency_code, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=[CoverageMembership.membership_id], set_=values))
    await advance_watermark(session, envelope)


async def on_membership_terminated(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    values = {"end_date": event.effective_date, "end_reason": event.reason}
    for membership_id in event.membership_ids:
        stmt = insert(CoverageMembership).values(membership_id=membership_id, participant_id=event.participant_id,
                                                 regency_code=envelope.regency_code, **values)
        await session.execute(stmt.on_conflict_do_update(index_elements=[CoverageMembership.membership_id],
                                                         set_=values))
    await advance_watermark(session, envelope)


HANDLERS = {
    "ParticipantRegistered": on_participant_registered,
    "MembershipStarted": on_membership_started,
    "MembershipTerminated": on_membership_terminated,
}
