"""Decree handlers: a recipient list built from approved evaluations (and eligibility's ranking
when candidates exceed the quota), its additions and reductions against the previous list,
and `DecreeIssued` in the same transaction."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contribution_aid import rules
from contribution_aid.allocations.models import AllocationRow
from contribution_aid.budgets import service as budgets
from contribution_aid.budgets.models import BudgetRow
from contribution_aid.decrees.models import DecreeRow
from contribution_aid.decrees.schemas import DecreeIn
from contribution_aid.domain.decrees import RecipientDecree, affordable_quota, draft_decree, rank_candidates
from contribution_aid.participants import service as participants
from contribution_aid.refusals import refusal_problem
from shared.auth import Client
from shared.events.contracts import DecreeIssued
from shared.outbox import add_event
from shared.paging import Paging, keyset, page_of
from shared.problems import Conflict, NotFound

REFUSAL_FIELDS = {"decree_number_missing": "number", "invalid_quota": "quota", "scheme_not_aided": "scheme",
                  "decree_date_before_previous": "decree_date", "decree_number_reused": "number"}


class DecreeNumberTaken(Conflict):
    slug, title = "decree-number-reused", "Decree number already used"


async def issue_decree(session: AsyncSession, client: Client, body: DecreeIn) -> dict:
    """On an open transaction: the direct path and an approved proposal run this same handler."""
    client.require_regency(body.regency_code)
    policy = rules.policy_for(body.regency_code)
    # one list per regency and scheme at a time: the next decree's diff needs the last one
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                          {"key": f"decree:{body.regency_code}:{body.scheme}"})
    previous = await _latest(session, body.regency_code, body.scheme)
    stopped = await participants.stopped_participants(session, body.regency_code)
    candidates = rank_candidates(await participants.approved_in_order(session, body.regency_code, body.scheme),
                                 stopped, [str(p) for p in body.ranking] if body.ranking is not None else None)
    quota = body.quota if body.quota is not None else await _quota(session, policy, body)
    decision = draft_decree(body.number, body.decree_date, body.scheme, candidates.ranked, quota, policy,
                            _domain(previous) if previous else None, stopped)
    if not decision.accepted:
        raise refusal_problem(decision.refusals, REFUSAL_FIELDS)
    row = _row(decision.decree, client, quota, candidates.not_approved, previous)
    session.add(row)
    try:
        await session.flush()
    except IntegrityError:
        raise DecreeNumberTaken(f"Nomor keputusan {body.number} sudah dipakai di kabupaten ini.") from None
    await add_event(session, DecreeIssued(
        decree_id=row.id, decree_number=row.number, decree_date=row.decree_date, scheme=row.scheme,
        added=[uuid.UUID(p) for p in row.additions],
        removed=[uuid.UUID(r["participant_id"]) for r in row.reductions],
        recipients=len(row.recipients)), regency_code=row.regency_code)
    return present(row)


async def _latest(session: AsyncSession, regency_code: str, scheme: str) -> DecreeRow | None:
    return (await session.execute(select(DecreeRow).where(
        DecreeRow.regency_code == regency_code, DecreeRow.scheme == scheme)
        .order_by(DecreeRow.decree_date.desc(), DecreeRow.created_at.desc()).limit(1))).scalar_one_or_none()


async def _quota(session: AsyncSession, policy, body: DecreeIn) -> int:
    year = body.decree_date.year
    rows = (await session.execute(select(BudgetRow).where(BudgetRow.regency_code == body.regency_code,
                                                          BudgetRow.fiscal_year == year))).scalars().all()
    funded = (await session.execute(select(func.count(func.distinct(AllocationRow.participant_id))).where(
        AllocationRow.regency_code == body.regency_code, AllocationRow.scheme == body.scheme,
        AllocationRow.fiscal_year == year, AllocationRow.released_amount < AllocationRow.amount))).scalar_one()
    monthly = rules.monthly_contribution(policy, body.decree_date)
    return affordable_quota(body.scheme, [(budgets.to_domain(r), r.committed) for r in rows], monthly.amount,
                            body.months, funded, policy)


def _domain(row: DecreeRow) -> RecipientDecree:
    return RecipientDecree(row.number, row.decree_date, row.regency_code, row.scheme, tuple(row.recipients))


def _row(decree: RecipientDecree, client: Client, quota: int, not_approved: tuple[str, ...],
         previous: DecreeRow | None) -> DecreeRow:
    return DecreeRow(
        id=uuid.uuid4(), regency_code=decree.regency_code, scheme=decree.scheme, number=decree.number,
        decree_date=decree.decree_date, quota=quota, recipients=list(decree.recipients),
        additions=list(decree.additions),
        reductions=[{"participant_id": r.participant_id, "reason": r.reason} for r in decree.reductions],
        not_approved=list(not_approved), previous_id=previous.id if previous else None,
        previous_number=decree.previous_number, citations=list(decree.citations), created_by=client.name)


async def get_decree(sessions: async_sessionmaker, client: Client, decree_id: uuid.UUID) -> dict:
    async with sessions() as session:
        row = await session.get(DecreeRow, decree_id)
        if row is None:
            raise NotFound(f"Decree {decree_id} not found")
        client.require_regency(row.regency_code)
        return present(row)


async def list_decrees(sessions: async_sessionmaker, client: Client, regency_code: str, scheme: str | None,
                       page: Paging) -> dict:
    """docs/API.md §13: the regency's decrees by decree date, cursor-paged."""
    client.require_regency(regency_code)
    stmt = select(DecreeRow).where(DecreeRow.regency_code == regency_code)
    if scheme:
        stmt = stmt.where(DecreeRow.scheme == scheme)
    order = (DecreeRow.decree_date, DecreeRow.created_at, DecreeRow.id)
    async with sessions() as session:
        rows = list((await session.execute(keyset(stmt, order, page))).scalars())
        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
    listed = page_of(rows, page, lambda r: (r.decree_date, r.created_at, r.id),
                     lambda r: present(r, with_lists=False), total)
    return {**listed, "count": len(listed["items"])}


def present(row: DecreeRow, with_lists: bool = True) -> dict:
    out = {"id": str(row.id), "regency_code": row.regency_code, "scheme": row.scheme, "number": row.number,
           "decree_date": row.decree_date.isoformat(), "quota": row.quota, "recipient_count": len(row.recipients),
           "previous_id": str(row.previous_id) if row.previous_id else None, "previous_number": row.previous_number,
           "citations": row.citations}
    if with_lists:
        out.update(recipients=row.recipients, additions=row.additions, reductions=row.reductions,
                   not_approved=row.not_approved)
    return out
