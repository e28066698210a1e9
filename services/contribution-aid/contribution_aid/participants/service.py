"""Keeping the participant view current from events, and reading the facts decisions need.

Every write is an upsert touching only the columns its event knows, so events for one
participant may arrive in any order and twice."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import case, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from contribution_aid.domain.allocations import ParticipantFacts
from contribution_aid.domain.reconciliation import ParticipantRecord
from contribution_aid.participants.models import ACTIVE, AidEvaluation, AidMembership, AidParticipant
from contribution_aid.sql import any_of

DECEASED = "deceased"
TERMINATED = "terminated"
ELIGIBLE = "eligible"
OTHER_FUNDING = ("self", "employer")  # protected without aid


async def ensure_participant(session: AsyncSession, participant_id: uuid.UUID, regency_code: str) -> None:
    await session.execute(insert(AidParticipant).values(participant_id=participant_id, regency_code=regency_code)
                          .on_conflict_do_nothing())


async def record_registration(session: AsyncSession, participant_id: uuid.UUID, regency_code: str, *,
                              category: str, village_code: str | None, village_kind: str | None,
                              occurred_at: dt.datetime) -> None:
    await record_attributes(session, participant_id, regency_code, occurred_at,
                            {"category": category, "village_code": village_code, "village_kind": village_kind})


async def record_attributes(session: AsyncSession, participant_id: uuid.UUID, regency_code: str,
                            occurred_at: dt.datetime, attributes: dict[str, str | None]) -> None:
    """Category and village as the newest registry event says (registration or correction); the earmark
    checks read them. An event older than the one already applied changes nothing."""
    values = {**attributes, "regency_code": regency_code, "attributes_at": occurred_at, "updated_at": func.now()}
    stmt = insert(AidParticipant).values(participant_id=participant_id, **values)
    older = func.coalesce(AidParticipant.attributes_at, dt.datetime.min.replace(tzinfo=dt.UTC))
    await session.execute(stmt.on_conflict_do_update(index_elements=[AidParticipant.participant_id], set_=values,
                                                     where=older <= stmt.excluded.attributes_at))


async def record_evaluation(session: AsyncSession, participant_id: uuid.UUID, regency_code: str, *,
                            scheme: str, evaluation_id: uuid.UUID, outcome: str, as_of: dt.date,
                            occurred_at: dt.datetime) -> None:
    """Keep the newest evaluation per scheme (by decision date, then by when it was made)."""
    await ensure_participant(session, participant_id, regency_code)
    values = {"regency_code": regency_code, "evaluation_id": evaluation_id, "outcome": outcome, "as_of": as_of,
              "occurred_at": occurred_at}
    stmt = insert(AidEvaluation).values(participant_id=participant_id, scheme=scheme, **values)
    newer = tuple_(stmt.excluded.as_of, stmt.excluded.occurred_at) > tuple_(AidEvaluation.as_of,
                                                                             AidEvaluation.occurred_at)
    await session.execute(stmt.on_conflict_do_update(index_elements=[AidEvaluation.participant_id,
                                                                     AidEvaluation.scheme],
                                                     set_=values, where=newer))
    if outcome == ELIGIBLE:  # a later approval outweighs an earlier recommendation to remove
        await session.execute(AidParticipant.__table__.update().where(
            AidParticipant.participant_id == participant_id, AidParticipant.recommended_on < as_of)
            .values(recommended_reason=None, recommended_on=None))


async def record_membership(session: AsyncSession, membership_id: uuid.UUID, participant_id: uuid.UUID, *,
                            funding: str | None = None, start_date: dt.date | None = None,
                            end_date: dt.date | None = None) -> None:
    values = {k: v for k, v in {"funding": funding, "start_date": start_date, "end_date": end_date}.items()
              if v is not None}
    stmt = insert(AidMembership).values(membership_id=membership_id, participant_id=participant_id, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=[AidMembership.membership_id], set_=values)
                          if values else stmt.on_conflict_do_nothing())


async def record_termination(session: AsyncSession, participant_id: uuid.UUID, regency_code: str, *,
                             reason: str, effective_date: dt.date) -> None:
    """The earliest stop wins its date; death, once known, wins the status."""
    await ensure_participant(session, participant_id, regency_code)
    row = AidParticipant
    if reason == DECEASED:
        status, kept_reason = DECEASED, reason
    else:
        status = case((row.status == DECEASED, DECEASED), else_=TERMINATED)
        kept_reason = func.coalesce(row.termination_reason, reason)
    await session.execute(row.__table__.update().where(row.participant_id == participant_id).values(
        status=status, termination_reason=kept_reason,
        terminated_on=func.least(func.coalesce(row.terminated_on, effective_date), effective_date),
        updated_at=func.now()))


async def record_recommendation(session: AsyncSession, participant_id: uuid.UUID, regency_code: str,
                                reason: str, as_of: dt.date) -> None:
    """Unless an approval dated later is already known (events may come in any order)."""
    await ensure_participant(session, participant_id, regency_code)
    approved_later = select(AidEvaluation.participant_id).where(
        AidEvaluation.participant_id == participant_id, AidEvaluation.outcome == ELIGIBLE, AidEvaluation.as_of > as_of)
    await session.execute(AidParticipant.__table__.update().where(
        AidParticipant.participant_id == participant_id, ~approved_later.exists())
        .values(recommended_reason=reason, recommended_on=as_of, updated_at=func.now()))


# -- reads ----------------------------------------------------------------------------------

async def lock_participant(session: AsyncSession, participant_id: uuid.UUID) -> AidParticipant | None:
    """The row, locked: one participant's allocations and releases happen one at a time."""
    return (await session.execute(select(AidParticipant).where(AidParticipant.participant_id == participant_id)
                                  .with_for_update())).scalar_one_or_none()


def eligible_schemes(participant_id: uuid.UUID):
    """The schemes of the participant's approved evaluations, as one array (NULL when none), for a
    caller's statement."""
    return select(func.array_agg(AidEvaluation.scheme)).where(
        AidEvaluation.participant_id == participant_id, AidEvaluation.outcome == ELIGIBLE).scalar_subquery()


def facts(row: AidParticipant, scheme: str | None, approved: bool) -> ParticipantFacts:
    return ParticipantFacts(str(row.participant_id), row.regency_code, scheme, row.village_kind, row.village_code,
                            approved, row.status)


async def approved_in_order(session: AsyncSession, regency_code: str, scheme: str) -> list[str]:
    """Participants with an approved evaluation for the scheme, earliest approval first."""
    rows = await session.execute(select(AidEvaluation.participant_id).where(
        AidEvaluation.regency_code == regency_code, AidEvaluation.scheme == scheme,
        AidEvaluation.outcome == ELIGIBLE).order_by(AidEvaluation.as_of, AidEvaluation.occurred_at))
    return [str(pid) for pid in rows.scalars()]


async def stopped_participants(session: AsyncSession, regency_code: str) -> dict[str, str]:
    """Participants whose aid stopped or should stop, with the reason."""
    rows = await session.execute(select(AidParticipant.participant_id, AidParticipant.termination_reason,
                                        AidParticipant.recommended_reason).where(
        AidParticipant.regency_code == regency_code,
        (AidParticipant.status != ACTIVE) | AidParticipant.recommended_reason.is_not(None)))
    return {str(pid): ended or recommended for pid, ended, recommended in rows.all()}


async def records_for(session: AsyncSession, participant_ids: Iterable[uuid.UUID]) -> list[ParticipantRecord]:
    """What reconciliation needs to know of these people: status, end of aid, other protection."""
    ids = list(participant_ids)
    people = (await session.execute(select(AidParticipant.participant_id, AidParticipant.status,
                                           AidParticipant.terminated_on)
                                    .where(any_of(AidParticipant.participant_id, ids)))).all()
    protection: dict[uuid.UUID, list[tuple[dt.date, dt.date | None]]] = {}
    for pid, start, end in (await session.execute(select(
            AidMembership.participant_id, AidMembership.start_date, AidMembership.end_date).where(
            any_of(AidMembership.participant_id, ids), AidMembership.funding.in_(OTHER_FUNDING),
            AidMembership.start_date.is_not(None)))).all():
        last_day = end - dt.timedelta(days=1) if end else None  # registry end dates are exclusive
        protection.setdefault(pid, []).append((start, last_day))
    return [ParticipantRecord(str(pid), None, status, ended, tuple(protection.get(pid, ())))
            for pid, status, ended in people]


async def statuses(session: AsyncSession, participant_ids: Iterable[str]) -> dict[str, str]:
    ids = [uuid.UUID(p) for p in participant_ids]
    rows = await session.execute(select(AidParticipant.participant_id, AidParticipant.status)
                                 .where(any_of(AidParticipant.participant_id, ids)))
    return {str(pid): status for pid, status in rows.all()}
