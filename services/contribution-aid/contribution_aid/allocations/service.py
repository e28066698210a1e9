"""Allocation handlers: decide with the domain, then take the money and the months in the same
transaction as the allocation row and its event.

Two database guarantees hold whatever the requests do at the same time: the budget's
conditional update (`committed + amount <= amount`, plus a CHECK) never lets a budget commit
more than it has, and `funded_months` never lets one participant's month be funded beyond
100 %. The participant row is locked first, so one participant's allocations and releases
are decided one at a time on a consistent view."""
from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable

from sqlalchemy import Integer, String, Uuid, bindparam, cast, delete, exists, func, select, true, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from contribution_aid import rules
from contribution_aid.allocations.models import AllocationRow, FundedMonth
from contribution_aid.allocations.schemas import AllocationIn
from contribution_aid.budgets import service as budgets
from contribution_aid.budgets.models import BudgetRow
from contribution_aid.domain.allocations import Allocation, AllocationDecision, AllocationRequest, decide_allocation
from contribution_aid.domain.months import month_range
from contribution_aid.domain.release import release_on_termination
from contribution_aid.domain.schemes import choose_scheme
from contribution_aid.participants import service as participants
from contribution_aid.participants.models import AidParticipant
from contribution_aid.refusals import refusal_problem
from contribution_aid.sql import any_of
from shared.auth import Client
from shared.db import insert_row, row_params
from shared.events.contracts import AidAllocated, AidReleased, BudgetExhausted
from shared.exports import MAX_EXPORT_ROWS
from shared.outbox import add_event, event_params, event_writes, one_statement
from shared.paging import Paging, keyset, page_of
from shared.problems import Conflict, InvalidInput, NotFound

REFUSAL_FIELDS = {"invalid_request": "months", "regency_mismatch": "participant_id",
                  "participant_not_active": "participant_id", "evaluation_missing": "participant_id",
                  "scheme_not_aided": "scheme", "earmark_violated": "budget_id", "outside_fiscal_year": "start_month",
                  "co_financing_not_allowed": "share_bp", "month_already_funded": "start_month",
                  "share_exceeds_contribution": "share_bp", "budget_exhausted": "budget_id"}
COMMIT_ATTEMPTS = 5  # a failed take re-reads the budget: a release may have made room meanwhile


class MonthAlreadyFunded(Conflict):
    slug, title = "month-already-funded", "Month already funded"


class _Exhausted(Exception):
    """Rolls the allocation back; the refusal is answered after `BudgetExhausted` is recorded."""

    def __init__(self, event: BudgetExhausted, regency_code: str, decision: AllocationDecision):
        super().__init__("budget exhausted")
        self.event, self.regency_code, self.decision = event, regency_code, decision


async def allocate(sessions: async_sessionmaker, client: Client, body: AllocationIn,
                   elsewhere: dict | None = None) -> dict:
    """`elsewhere`: the IBR peers' answer asked before the transaction, kept with the allocation."""
    try:
        async with sessions() as session, session.begin():
            return await _allocate(session, client, body, elsewhere)
    except _Exhausted as exhausted:
        async with sessions() as session, session.begin():
            if await budgets.first_exhaustion(session, exhausted.event.budget_id):
                await add_event(session, exhausted.event, regency_code=exhausted.regency_code)
        raise refusal_problem(exhausted.decision.refusals, REFUSAL_FIELDS) from None


async def _allocate(session: AsyncSession, client: Client, body: AllocationIn, elsewhere: dict | None) -> dict:
    """Three statements: lock the participant (with the budget), read what the decision needs on
    that locked view, then write everything at once (`_write`), taking the money in the same
    statement: the budget row, which every allocation of the budget needs, stays locked only from
    that statement to the commit."""
    budget, person = await _budget_and_participant(session, client, body)
    policy = rules.policy_for(budget.regency_code)
    quote = rules.monthly_contribution(policy, rules.today())
    eligible, existing = await _decision_facts(session, person.participant_id)
    scheme = choose_scheme(eligible, budgets.to_domain(budget), policy, body.scheme)
    request = AllocationRequest(participants.facts(person, scheme, scheme in eligible),
                                body.start_month or f"{budget.fiscal_year}-01", body.months, body.share_bp)

    def decide(committed: int) -> AllocationDecision:
        decision = decide_allocation(request, budgets.to_domain(budget), committed, existing, policy, quote)
        if decision.refusal is None:
            return decision
        if decision.refusal.code == "budget_exhausted":
            details = decision.refusal.details
            raise _Exhausted(BudgetExhausted(budget_id=budget.id, funding_source=budget.funding_source,
                                             fiscal_year=budget.fiscal_year, available=details["available"],
                                             requested=details["requested"]), budget.regency_code, decision)
        raise refusal_problem(decision.refusals, REFUSAL_FIELDS)

    decision = decide(budget.committed)
    for _ in range(COMMIT_ATTEMPTS):
        row = _new_row(client, budget, scheme, decision, elsewhere)
        if (committed := await _write(session, budget, row, decision)) is not None:
            return present(row, committed=committed, budget_amount=budget.amount)
        decide(await _committed_now(session, budget.id))  # raises unless a release made room meanwhile
    raise Conflict("The budget changes too fast to decide; retry", slug="budget-exhausted")


async def _budget_and_participant(session: AsyncSession, client: Client,
                                  body: AllocationIn) -> tuple[BudgetRow, AidParticipant]:
    """One statement: the budget (404, or 403 for another regency's) and the participant row,
    locked: one participant's allocations and releases are decided one at a time."""
    locked = select(AidParticipant).where(AidParticipant.participant_id == body.participant_id) \
        .with_for_update().cte("person")
    person = aliased(AidParticipant, locked)
    found = (await session.execute(select(BudgetRow, person).outerjoin(locked, true())
                                   .where(BudgetRow.id == body.budget_id))).first()
    if found is None:
        raise NotFound(f"Budget {body.budget_id} not found")
    client.require_regency(found[0].regency_code)
    if found[1] is None:
        raise InvalidInput.fields([("participant_id", "Peserta tidak dikenal layanan bantuan iuran "
                                                      "(belum ada data pendaftaran/verifikasi).")])
    return found[0], found[1]


async def _decision_facts(session: AsyncSession, participant_id: uuid.UUID) -> tuple[list[str], list[Allocation]]:
    """One statement, after the lock (so it sees every allocation committed before it): the schemes
    the participant is approved for and its allocations from every budget."""
    schemes = select(participants.eligible_schemes(participant_id).label("schemes")).subquery()
    rows = (await session.execute(select(schemes.c.schemes, AllocationRow).select_from(schemes).outerjoin(
        AllocationRow, AllocationRow.participant_id == participant_id).order_by(AllocationRow.created_at))).all()
    return list(rows[0][0] or []), [to_domain(row) for _, row in rows if row is not None]


async def _committed_now(session: AsyncSession, budget_id: uuid.UUID) -> int:
    return (await session.execute(select(BudgetRow.committed).where(BudgetRow.id == budget_id))).scalar_one()


def _new_row(client: Client, budget: BudgetRow, scheme: str, decision: AllocationDecision,
             elsewhere: dict | None) -> AllocationRow:
    allocation = decision.allocation
    return AllocationRow(
        id=uuid.uuid4(), budget_id=budget.id, participant_id=uuid.UUID(allocation.participant_id),
        regency_code=budget.regency_code, funding_source=budget.funding_source, fiscal_year=budget.fiscal_year,
        scheme=scheme, start_month=allocation.start_month, months=allocation.months,
        monthly_amount=allocation.monthly_amount, monthly_contribution=decision.monthly_contribution,
        share_bp=allocation.share_bp, amount=decision.amount, released_amount=0, decided_on=rules.today(),
        citations=list(decision.citations), elsewhere_check=elsewhere, created_by=client.name)


ALLOCATION_COLUMNS = [c.key for c in AllocationRow.__table__.columns if c.key not in ("created_at", "released_from",
                                                                                      "release_reason")]


async def _write(session: AsyncSession, budget: BudgetRow, row: AllocationRow,
                 decision: AllocationDecision) -> int | None:
    """One statement: take the money; only if it was there, the allocation row, its funded months,
    its event and audit row. Returns the budget's new committed total, None when nothing was
    written because the budget could not afford it."""
    event = event_params(AidAllocated(
        allocation_id=row.id, budget_id=budget.id, participant_id=row.participant_id,
        funding_source=row.funding_source, fiscal_year=row.fiscal_year, months=row.months,
        start_month=row.start_month, amount=row.amount, scheme=row.scheme, monthly_amount=row.monthly_amount,
        share_bp=row.share_bp), regency_code=budget.regency_code)
    params = {"take_budget_id": budget.id, "take_amount": row.amount, "months_participant_id": row.participant_id,
              "months_list": list(decision.months), "months_share_bp": row.share_bp, **event.params,
              **row_params({c: getattr(row, c) for c in ALLOCATION_COLUMNS}, "allocation_")}
    try:
        result = await session.execute(_write_statement(event.audited), params)
    except IntegrityError as error:
        if getattr(error.orig.diag, "constraint_name", None) != "funded_months_at_most_one_month":
            raise
        raise MonthAlreadyFunded("Peserta sudah dibiayai penuh untuk bulan yang sama oleh anggaran lain.") from None
    return result.one().committed


@functools.cache
def _write_statement(audited: bool):
    """Built once per shape (SQLAlchemy then compiles it once): see `_write`."""
    taken = budgets.take_money().cte("taken")
    allocated = insert_row(AllocationRow.__table__, ALLOCATION_COLUMNS, prefix="allocation_", gate=taken) \
        .returning(AllocationRow.id).cte("allocated")
    return one_statement(taken, allocated, _take_months(gate=allocated),
                         *event_writes(audited=audited, gate=allocated), committed=select(taken.c.committed))


def _take_months(*, gate):
    """Every month in one statement, whatever their number (the CHECK refuses more than a whole month)."""
    month = func.unnest(bindparam("months_list", type_=ARRAY(String))).column_valued("month")
    taking = select(cast(bindparam("months_participant_id", type_=Uuid), Uuid), month,
                    cast(bindparam("months_share_bp", type_=Integer), Integer)) \
        .where(exists(select(1).select_from(gate)))
    stmt = insert(FundedMonth).from_select(["participant_id", "month", "taken_bp"], taking)
    return stmt.on_conflict_do_update(index_elements=[FundedMonth.participant_id, FundedMonth.month],
                                      set_={"taken_bp": FundedMonth.taken_bp + stmt.excluded.taken_bp})


async def _free_months(session: AsyncSession, participant_id: uuid.UUID, months: list[str], share_bp: int) -> None:
    where = (FundedMonth.participant_id == participant_id) & FundedMonth.month.in_(months)
    await session.execute(update(FundedMonth).where(where).values(taken_bp=FundedMonth.taken_bp - share_bp))
    await session.execute(delete(FundedMonth).where(where, FundedMonth.taken_bp <= 0))


# -- reads ----------------------------------------------------------------------------------

def to_domain(row: AllocationRow) -> Allocation:
    return Allocation(str(row.participant_id), str(row.budget_id), row.funding_source, row.start_month, row.months,
                      row.monthly_amount, row.share_bp, str(row.id), row.released_from)


async def allocation_rows(session: AsyncSession, participant_ids: Iterable[uuid.UUID]) -> list[AllocationRow]:
    return list((await session.execute(select(AllocationRow).where(
        any_of(AllocationRow.participant_id, participant_ids)).order_by(AllocationRow.created_at))).scalars())


async def domain_allocations(session: AsyncSession, participant_ids: Iterable[uuid.UUID]) -> list[Allocation]:
    return [to_domain(row) for row in await allocation_rows(session, participant_ids)]


async def get_allocation(sessions: async_sessionmaker, client: Client, allocation_id: uuid.UUID) -> dict:
    async with sessions() as session:
        row = await session.get(AllocationRow, allocation_id)
        if row is None:
            raise NotFound(f"Allocation {allocation_id} not found")
        client.require_regency(row.regency_code)
        return present(row)


async def list_allocations(sessions: async_sessionmaker, client: Client, *, budget_id: uuid.UUID | None,
                           participant_id: uuid.UUID | None, regency_code: str | None = None,
                           page: Paging | None = None) -> dict:
    """docs/API.md §13: allocations of a budget, a participant or a regency, cursor-paged in the order
    they were made; without `page` (an export) every row up to the cap."""
    if budget_id is None and participant_id is None and regency_code is None:
        raise InvalidInput.fields([("regency_code", "regency_code, budget_id or participant_id is required")])
    stmt = select(AllocationRow)
    if regency_code is not None:
        client.require_regency(regency_code)
        stmt = stmt.where(AllocationRow.regency_code == regency_code)
    elif not client.all_regencies:  # a regency-bound client sees only its regencies' rows, never another's
        stmt = stmt.where(AllocationRow.regency_code.in_(sorted(client.regencies)))
    if budget_id is not None:
        stmt = stmt.where(AllocationRow.budget_id == budget_id)
    if participant_id is not None:
        stmt = stmt.where(AllocationRow.participant_id == participant_id)
    order = (AllocationRow.created_at, AllocationRow.id)
    async with sessions() as session:
        if page is None:
            rows = list((await session.execute(stmt.order_by(*order).limit(MAX_EXPORT_ROWS))).scalars())
            return {"rows": rows}
        rows = list((await session.execute(keyset(stmt, order, page))).scalars())
        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
    listed = page_of(rows, page, lambda r: (r.created_at, r.id), present, total)
    return {**listed, "count": len(listed["items"])}


def present(row: AllocationRow, *, committed: int | None = None, budget_amount: int | None = None) -> dict:
    domain = to_domain(row)
    out = {"id": str(row.id), "budget_id": str(row.budget_id), "participant_id": str(row.participant_id),
           "regency_code": row.regency_code, "scheme": row.scheme, "funding_source": row.funding_source,
           "fiscal_year": row.fiscal_year, "start_month": row.start_month, "months": row.months,
           "paid_months": domain.paid_months, "monthly_contribution": row.monthly_contribution,
           "monthly_amount": row.monthly_amount, "share_bp": row.share_bp, "amount": row.amount,
           "committed_amount": domain.committed_amount, "released_from": row.released_from,
           "released_amount": row.released_amount, "decided_on": row.decided_on.isoformat(),
           "citations": row.citations, "elsewhere_check": row.elsewhere_check}
    if committed is not None:
        out["budget"] = {"committed": committed, "available": budget_amount - committed}
    return out


# -- stopping aid ---------------------------------------------------------------------------

async def release_for_termination(session: AsyncSession, participant_id: uuid.UUID, regency_code: str,
                                  reason: str, effective_date: dt.date) -> int:
    """Give the months after the stop back to their budgets (Berau Pasal 26, TTS Pasal 20).
    Idempotent: months already released are not released again. Returns the rupiah released."""
    await participants.lock_participant(session, participant_id)
    rows = {str(row.id): row for row in await allocation_rows(session, [participant_id])}
    if not rows:
        return 0
    result = release_on_termination(str(participant_id), effective_date, reason,
                                    [to_domain(r) for r in rows.values()], rules.policy_for(regency_code))
    updated = {a.id: a for a in result.allocations}
    for release in sorted(result.releases, key=lambda r: r.budget_id):  # one lock order on budgets
        row = rows[release.allocation_id]
        row.released_from, row.release_reason = updated[str(row.id)].released_from, reason
        row.released_amount += release.amount
        await budgets.return_money(session, row.budget_id, release.amount)
        await _free_months(session, participant_id, month_range(release.from_month, release.months_released),
                           row.share_bp)
        await add_event(session, AidReleased(
            allocation_id=row.id, budget_id=row.budget_id, participant_id=participant_id,
            funding_source=row.funding_source, months_released=release.months_released,
            amount_released=release.amount, reason=reason, from_month=release.from_month,
            citations=list(result.citations)), regency_code=regency_code)
    return result.released_total
