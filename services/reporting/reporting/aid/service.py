"""Budget figures per funding source and fiscal year, and invoices, from the aid read model.

ContributionPaid names the funding source but not the budget, so spending is summed per
(funding source, fiscal year of the invoice period); allocations are summed the same way."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.aid.domain import committed
from reporting.reports import BudgetRow

FIGURES = text("""
    WITH allocated AS (
        SELECT funding_source s, fiscal_year y, sum(amount)::bigint allocated,
               (sum(released_amount) FILTER (WHERE released_at::date <= :on))::bigint released
        FROM rm_aid_allocations WHERE regency_code = :r AND fiscal_year IS NOT NULL AND allocated_at::date <= :on
        GROUP BY 1, 2),
    paid AS (
        SELECT funding_source s, substr(period, 1, 4)::int y, sum(paid_amount)::bigint spent
        FROM rm_aid_invoices WHERE regency_code = :r AND paid_on <= :on AND funding_source IS NOT NULL GROUP BY 1, 2),
    budgets AS (
        SELECT funding_source s, fiscal_year y,
               CASE WHEN bool_and(amount IS NOT NULL) THEN sum(amount)::bigint END amount
        FROM rm_aid_budgets WHERE regency_code = :r GROUP BY 1, 2)
    SELECT s, y, budgets.amount, coalesce(allocated, 0), coalesce(released, 0), coalesce(spent, 0)
    FROM allocated FULL JOIN paid USING (s, y) FULL JOIN budgets USING (s, y)
    WHERE (CAST(:year AS int) IS NULL OR y = :year)
    ORDER BY y, s
""")


async def budget_rows(
    session: AsyncSession, regency_code: str, on: dt.date, year: int | None = None
) -> list[BudgetRow]:
    rows = (await session.execute(FIGURES, {"r": regency_code, "on": on, "year": year})).all()
    return [BudgetRow(funding_source=source, fiscal_year=fiscal_year, amount=amount,
                      committed=committed(allocated, released_back, spent), spent=spent, released=0)
            for source, fiscal_year, amount, allocated, released_back, spent in rows]


async def invoice_counts(session: AsyncSession, regency_code: str, on: dt.date) -> dict[str, int]:
    row = (await session.execute(text("""
        SELECT count(*) FILTER (WHERE reconciled_at::date <= :on),
               count(*) FILTER (WHERE paid_on <= :on),
               coalesce(sum(paid_amount) FILTER (WHERE paid_on <= :on), 0)
        FROM rm_aid_invoices WHERE regency_code = :r"""), {"r": regency_code, "on": on})).first()
    return {"reconciled": row[0], "paid": row[1], "paid_amount": int(row[2])}
