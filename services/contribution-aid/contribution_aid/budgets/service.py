"""Budget handlers: create (validated against the regency's aid rules), read with the quota it
affords today, amend (recorded as a change, never an overwrite)."""
from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Uuid, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contribution_aid import rules
from contribution_aid.budgets.models import BudgetAmendmentRow, BudgetRow
from contribution_aid.budgets.schemas import AmendmentIn, BudgetIn
from contribution_aid.domain.budgets import Budget, BudgetAmendment, Payer, amend_budget, quota, validate_budget
from contribution_aid.refusals import refusal_problem
from shared.auth import Client
from shared.events.contracts import BudgetAmended, BudgetRecorded
from shared.outbox import add_event
from shared.paging import Paging, keyset, page_of
from shared.problems import NotFound

REFUSAL_FIELDS = {"regency_mismatch": "regency_code", "invalid_amount": "amount", "scheme_not_aided": "scheme",
                  "invalid_payer": "payer.kind", "source_not_allowed": "funding_source",
                  "earmark_violated": "funding_source", "amendment_without_reference": "reference",
                  "amendment_below_committed": "delta"}


def to_domain(row: BudgetRow) -> Budget:
    """The domain budget at today's amount (the amendments that led to it are in their table)."""
    payer = Payer(row.payer_kind, row.payer_ref, row.payer_name) if row.payer_kind else None
    return Budget(row.regency_code, row.fiscal_year, row.funding_source, row.amount, row.scheme, payer, str(row.id))


async def create_budget(sessions: async_sessionmaker, client: Client, body: BudgetIn) -> dict:
    policy = rules.policy_for(body.regency_code)
    payer = Payer(body.payer.kind, body.payer.ref, body.payer.name) if body.payer else None
    validation = validate_budget(Budget(body.regency_code, body.fiscal_year, body.funding_source, body.amount,
                                        body.scheme, payer), policy)
    if not validation.accepted:
        raise refusal_problem(validation.rejections, REFUSAL_FIELDS)
    row = BudgetRow(id=uuid.uuid4(), regency_code=body.regency_code, fiscal_year=body.fiscal_year,
                    funding_source=body.funding_source, scheme=body.scheme, payer_kind=payer and payer.kind,
                    payer_ref=payer and payer.ref, payer_name=payer and payer.name, initial_amount=body.amount,
                    amount=body.amount, committed=0, exhausted_notified=False, citations=list(validation.citations),
                    created_by=client.name)
    async with sessions() as session, session.begin():
        session.add(row)
        await add_event(session, BudgetRecorded(
            budget_id=row.id, funding_source=row.funding_source, fiscal_year=row.fiscal_year, amount=row.amount,
            scheme=row.scheme, payer_kind=row.payer_kind, payer_ref=row.payer_ref), regency_code=row.regency_code)
    out = present(row, [])
    out["notes"] = [{"code": n.code, "message": n.message, "citations": list(n.citations)} for n in validation.notes]
    return out


async def load_budget(session: AsyncSession, client: Client, budget_id: uuid.UUID, *, lock: bool = False) -> BudgetRow:
    """The budget, or 404; another regency's budget is a 403 (docs/API.md §2)."""
    stmt = select(BudgetRow).where(BudgetRow.id == budget_id)
    row = (await session.execute(stmt.with_for_update() if lock else stmt)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Budget {budget_id} not found")
    client.require_regency(row.regency_code)
    return row


async def get_budget(sessions: async_sessionmaker, client: Client, budget_id: uuid.UUID,
                     months: int | None = None) -> dict:
    async with sessions() as session:
        row = await load_budget(session, client, budget_id)
        return present(row, await amendments_of(session, row.id), months)


async def list_budgets(sessions: async_sessionmaker, client: Client, regency_code: str, fiscal_year: int | None,
                       page: Paging, funding_source: str | None = None) -> dict:
    """docs/API.md §13: the regency's budgets in the order they were created, cursor-paged."""
    client.require_regency(regency_code)
    stmt = select(BudgetRow).where(BudgetRow.regency_code == regency_code)
    if fiscal_year is not None:
        stmt = stmt.where(BudgetRow.fiscal_year == fiscal_year)
    if funding_source is not None:
        stmt = stmt.where(BudgetRow.funding_source == funding_source)
    async with sessions() as session:
        rows = list((await session.execute(keyset(stmt, (BudgetRow.created_at, BudgetRow.id), page))).scalars())
        total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
    listed = page_of(rows, page, lambda r: (r.created_at, r.id), lambda r: present(r, None), total)
    return {**listed, "count": len(listed["items"])}


async def amend(session: AsyncSession, client: Client, budget_id: uuid.UUID, body: AmendmentIn) -> dict:
    """On an open transaction: the direct path and an approved proposal run this same handler."""
    row = await load_budget(session, client, budget_id, lock=True)
    change = BudgetAmendment(body.delta, body.effective_date, body.reference, body.reason)
    decision = amend_budget(to_domain(row), change, row.committed)
    if not decision.accepted:
        raise refusal_problem([decision.refusal], REFUSAL_FIELDS)
    row.amount = decision.budget.amount
    if body.delta > 0:
        row.exhausted_notified = False
    session.add(BudgetAmendmentRow(id=uuid.uuid4(), budget_id=row.id, delta=body.delta, amount_after=row.amount,
                                   effective_date=body.effective_date, reference=body.reference,
                                   reason=body.reason, created_by=client.name))
    await add_event(session, BudgetAmended(
        budget_id=row.id, funding_source=row.funding_source, fiscal_year=row.fiscal_year, delta=body.delta,
        amount=row.amount, effective_date=body.effective_date, reference=body.reference),
        regency_code=row.regency_code)
    await session.flush()
    return present(row, await amendments_of(session, row.id))


async def amendments_of(session: AsyncSession, budget_id: uuid.UUID) -> list[BudgetAmendmentRow]:
    return list((await session.execute(select(BudgetAmendmentRow).where(BudgetAmendmentRow.budget_id == budget_id)
                                       .order_by(BudgetAmendmentRow.created_at))).scalars())


def take_money():
    """Take `take_amount` from budget `take_budget_id` if it is still there, as one statement built
    once (an allocation folds it into its own, see allocations/service.py): the row lock makes
    concurrent takers queue; the condition and the CHECK make overcommitting impossible. Returns
    the new committed total, or no row when the budget cannot afford it."""
    amount = bindparam("take_amount", type_=BigInteger)
    return (update(BudgetRow).where(BudgetRow.id == bindparam("take_budget_id", type_=Uuid),
                                    BudgetRow.committed + amount <= BudgetRow.amount)
            .values(committed=BudgetRow.committed + amount).returning(BudgetRow.committed))


async def return_money(session: AsyncSession, budget_id: uuid.UUID, amount: int) -> None:
    await session.execute(update(BudgetRow).where(BudgetRow.id == budget_id).values(
        committed=BudgetRow.committed - amount, exhausted_notified=False))


async def first_exhaustion(session: AsyncSession, budget_id: uuid.UUID) -> bool:
    """True once per exhaustion: the caller then tells others (BudgetExhausted)."""
    result = await session.execute(update(BudgetRow).where(BudgetRow.id == budget_id,
                                                           BudgetRow.exhausted_notified.is_(False))
                                   .values(exhausted_notified=True).returning(BudgetRow.id))
    return result.scalar_one_or_none() is not None


def present(row: BudgetRow, amendments: list[BudgetAmendmentRow] | None, months: int | None = None) -> dict:
    available = row.amount - row.committed
    out = {
        "id": str(row.id), "regency_code": row.regency_code, "fiscal_year": row.fiscal_year,
        "funding_source": row.funding_source, "scheme": row.scheme,
        "payer": {"kind": row.payer_kind, "ref": row.payer_ref, "name": row.payer_name} if row.payer_kind else None,
        "initial_amount": row.initial_amount, "amount": row.amount, "committed": row.committed,
        "available": available, "quota": quota_block(row, available, months),
        "citations": row.citations,
    }
    if amendments is not None:
        out["amendments"] = [{"id": str(a.id), "delta": a.delta, "amount_after": a.amount_after,
                              "effective_date": a.effective_date.isoformat(), "reference": a.reference,
                              "reason": a.reason, "recorded_by": a.created_by} for a in amendments]
    return out


def quota_block(row: BudgetRow, available: int, months: int | None) -> dict:
    """How many people the money left pays for `months` (a fiscal year by default) at the
    contribution in force today, and how many person-months it pays."""
    policy = rules.policy_for(row.regency_code)
    monthly = rules.monthly_contribution(policy, rules.today())
    months = months or 12
    return {"as_of": rules.today().isoformat(), "monthly_contribution": monthly.amount, "months": months,
            "people": quota(available, monthly.amount, months), "person_months": quota(available, monthly.amount, 1),
            "citations": list(monthly.citations)}
