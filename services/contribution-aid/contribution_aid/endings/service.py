"""Ending a participant's aid by the regency's decision: the participant is no longer funded after
the effective date, the months beyond it go back to their budgets, `AidEnded` says so."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contribution_aid.allocations.service import release_for_termination
from contribution_aid.endings.schemas import AidEndingIn
from contribution_aid.participants import service as participants
from contribution_aid.participants.models import ACTIVE, AidParticipant
from shared.auth import Client
from shared.events.contracts import AidEnded
from shared.outbox import add_event
from shared.problems import Conflict, NotFound


class AidAlreadyEnded(Conflict):
    slug, title = "aid-already-ended", "Aid already ended"


async def regency_of(session: AsyncSession, participant_id: uuid.UUID) -> str:
    regency = (await session.execute(select(AidParticipant.regency_code)
                                     .where(AidParticipant.participant_id == participant_id))).scalar()
    if regency is None:
        raise NotFound(f"Participant {participant_id} not known to the aid service")
    return regency


async def end_aid(session: AsyncSession, client: Client, participant_id: uuid.UUID, body: AidEndingIn) -> dict:
    """On an open transaction: the direct path and an approved proposal run this same handler."""
    person = await participants.lock_participant(session, participant_id)
    if person is None:
        raise NotFound(f"Participant {participant_id} not known to the aid service")
    client.require_regency(person.regency_code)
    if person.status != ACTIVE:
        raise AidAlreadyEnded(f"Bantuan iuran peserta ini sudah berhenti ({person.termination_reason}) "
                              f"(aid already ended).")
    regency = person.regency_code
    await participants.record_termination(session, participant_id, regency, reason=body.reason,
                                          effective_date=body.effective_date)
    released = await release_for_termination(session, participant_id, regency, body.reason, body.effective_date)
    await add_event(session, AidEnded(participant_id=participant_id, reason=body.reason,
                                      effective_date=body.effective_date, reference=body.reference,
                                      released_amount=released), regency_code=regency)
    return {"participant_id": str(participant_id), "regency_code": regency, "status": "terminated",
            "reason": body.reason, "effective_date": body.effective_date.isoformat(), "reference": body.reference,
            "released_amount": released}
