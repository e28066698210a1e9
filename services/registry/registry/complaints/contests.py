"""A participant contests a termination (docs/API.md §15): the contest is recorded on the
termination (or on the recommendation re-verification made) with the article of the regency's
`wrongly_terminated` category, and opens ONE automatic complaint, in one transaction with
ComplaintReceived and TerminationContested (no personal data: the grounds are sealed)."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.complaints import domain
from registry.complaints.models import Complaint, RecommendedTermination, TerminationContest
from registry.complaints.schemas import ContestIn
from registry.complaints.service import open_complaint
from registry.memberships.service import history
from registry.participants.models import Participant
from registry.participants.service import visible_participant
from registry.protection import Vault
from shared.auth import Client
from shared.events.registry import TerminationContested
from shared.outbox import add_event
from shared.problems import InvalidInput
from shared.regulation import Citation

TABLE = "termination_contests"


async def contest_termination(sessions: async_sessionmaker, vault: Vault, client: Client, participant_id: uuid.UUID,
                              body: ContestIn) -> tuple[int, dict]:
    """201 with the contest and its complaint; the same target contested again: 200, the same
    contest (nothing new is opened)."""
    async with sessions() as session, session.begin():
        person = await visible_participant(session, client, participant_id, for_update=True)  # one at a time
        client.require_regency(person.regency_code)
        target = await _target(session, person, body)
        existing = (await session.execute(select(TerminationContest).where(
            TerminationContest.participant_id == person.id, TerminationContest.contest_key == target.key))
        ).scalar_one_or_none()
        if existing is not None:
            return 200, await _present(session, existing)
        contest = await _record(session, vault, client, person, target, body)
        return 201, await _present(session, contest)


async def _target(session: AsyncSession, person: Participant, body: ContestIn) -> domain.ContestTarget:
    terminations = {str(r.enrollment_id): r.end_reason for r in await history(session, person.id)
                    if r.end_date is not None}
    reasons = {r.id for r in profiles.require_registry(person.regency_code).termination.reasons}
    recommended = {(r.reason, r.quarter) for r in await session.execute(select(
        RecommendedTermination.reason, RecommendedTermination.quarter).where(
        RecommendedTermination.participant_id == person.id))}
    target, errors = domain.contest_target(
        membership_id=str(body.membership_id) if body.membership_id else None, reason=body.reason,
        quarter=body.quarter, terminations=terminations, reasons=reasons, recommended=recommended)
    if errors:
        raise InvalidInput.fields(errors)
    return target


async def _record(session: AsyncSession, vault: Vault, client: Client, person: Participant,
                  target: domain.ContestTarget, body: ContestIn) -> TerminationContest:
    complaints = profiles.require_complaints(person.regency_code)
    category = complaints.categories[domain.WRONGLY_TERMINATED]
    citation = str(Citation.parse(category.citation, regulation=complaints.regulation))
    text = domain.contest_description(target, citation)
    complaint = await open_complaint(
        session, vault, complaints, actor=client.name, name=None, contact=None,
        finding_key=f"termination-contested:{person.id}:{target.key}",
        description=f"{text}\n\nAlasan sanggahan / grounds: {body.grounds}" if body.grounds else text,
        values={"channel": domain.SYSTEM_CHANNEL, "category": domain.WRONGLY_TERMINATED, "lapor_tracking_id": None,
                "complainant_participant_id": person.id, "complainant_employer_id": None,
                "subject_kind": "participant", "subject_id": str(person.id), "received_on": body.received_on})
    contest = TerminationContest(
        id=uuid.uuid4(), regency_code=person.regency_code, participant_id=person.id, target=target.target,
        contest_key=target.key, membership_id=uuid.UUID(target.membership_id) if target.membership_id else None,
        reason=target.reason, quarter=target.quarter, received_on=body.received_on, citation=citation,
        grounds_cipher=vault.seal(body.grounds, "grounds", table=TABLE) if body.grounds else None,
        complaint_id=complaint.id, created_by=client.name)
    session.add(contest)
    await add_event(session, TerminationContested(
        contest_id=contest.id, participant_id=person.id, target=target.target, membership_id=contest.membership_id,
        reason=target.reason, quarter=target.quarter, received_on=body.received_on, complaint_id=complaint.id,
        citation=citation), regency_code=person.regency_code)
    return contest


def present_contest(c: TerminationContest, due_date=None) -> dict:
    return {"id": str(c.id), "participant_id": str(c.participant_id), "target": c.target,
            "membership_id": str(c.membership_id) if c.membership_id else None, "reason": c.reason,
            "quarter": c.quarter, "received_on": c.received_on, "citation": c.citation,
            "complaint_id": str(c.complaint_id), "complaint_due_date": due_date}


async def _present(session: AsyncSession, c: TerminationContest) -> dict:
    await session.flush()
    due = await session.scalar(select(Complaint.due_date).where(Complaint.id == c.complaint_id))
    return present_contest(c, due)
