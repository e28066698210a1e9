"""Sanction figures per violation for a period, from the case read model."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.reports import SanctionRow

FIGURES = text("""
    SELECT violation,
           count(*) FILTER (WHERE opened_on <= :until AND (least(closed_on, lifted_on) IS NULL
                                                           OR least(closed_on, lifted_on) > :until)),
           count(*) FILTER (WHERE imposed_on BETWEEN :since AND :until),
           count(*) FILTER (WHERE lifted_on BETWEEN :since AND :until)
    FROM rm_sanction_cases WHERE regency_code = :r GROUP BY 1 ORDER BY 1
""")


async def sanction_rows(session: AsyncSession, regency_code: str, since: dt.date, until: dt.date,
                        labels: dict[str, str]) -> list[SanctionRow]:
    """Cases open on `until`; sanctions imposed and lifted between `since` and `until`."""
    rows = (await session.execute(FIGURES, {"r": regency_code, "since": since, "until": until})).all()
    return [SanctionRow(violation, open_, imposed, lifted, labels.get(violation))
            for violation, open_, imposed, lifted in rows if open_ or imposed or lifted]
