"""Registry events into the recipient mirror. Idempotent and order-tolerant (upserts; a
membership's end is kept whatever order its start and end arrive in)."""
from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eligibility.recipients.models import Recipient, RecipientMembership
from shared.events import Envelope, parse_payload

UPDATABLE = ("worker_type", "category", "sex", "village_code")


async def on_participant_registered(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    values = {"worker_type": event.worker_type, "category": event.category, "sex": event.sex,
              "birth_year": event.birth_year, "village_code": event.village_code,
              "registered_on": event.registered_on}
    stmt = insert(Recipient).values(participant_id=event.participant_id, regency_code=envelope.regency_code, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=[Recipient.participant_id], set_=values))


async def on_participant_updated(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    values = {k: v for k, v in event.changes.items() if k in UPDATABLE}
    if not values:
        return
    stmt = insert(Recipient).values(participant_id=event.participant_id, regency_code=envelope.regency_code, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=[Recipient.participant_id], set_=values))


async def on_membership_started(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    values = {"funding": event.funding, "programs": list(event.programs), "start_date": event.start_date}
    stmt = insert(RecipientMembership).values(membership_id=event.membership_id, participant_id=event.participant_id,
                                              regency_code=envelope.regency_code, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=[RecipientMembership.membership_id], set_=values))


async def on_membership_terminated(session: AsyncSession, envelope: Envelope) -> None:
    event = parse_payload(envelope)
    values = {"end_date": event.effective_date, "end_reason": event.reason}
    for membership_id in event.membership_ids:
        stmt = insert(RecipientMembership).values(membership_id=membership_id, participant_id=event.participant_id,
                                                  regency_code=envelope.regency_code, **values)
        await session.execute(stmt.on_conflict_do_update(index_elements=[RecipientMembership.membership_id],
                                                         set_=values))


HANDLERS = {
    "ParticipantRegistered": on_participant_registered,
    "ParticipantUpdated": on_participant_updated,
    "MembershipStarted": on_membership_started,
    "MembershipTerminated": on_membership_terminated,
}
