"""The monthly coverage history (rm_coverage_months): coverage at each month end, derived
from the read model and refreshed whenever the read model moved since the last refresh or a
new month began. Derived only from event-built tables, so a rebuild reproduces it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.coverage.domain import month_start
from reporting.coverage.service import newest_event
from reporting.regencies import reporting_profile
from reporting.reports import CoveragePoint

# Month-end figures from per-month counts and running sums (one pass over the regency's rows):
# a membership is active at a month's last day L when start <= L and not (end <= L), and
# "start <= L and end <= L" is "greatest(start, end) <= L".
REFRESH = text("""
    WITH registered AS (   -- a person counts from their registration or first membership, whichever came first
        SELECT date_trunc('month', first_on)::date m, count(*) n FROM (
            SELECT participant_id, min(on_day) AS first_on FROM (
                SELECT participant_id, registered_on AS on_day FROM rm_participants
                WHERE regency_code = :r AND registered_on IS NOT NULL
                UNION ALL
                SELECT participant_id, start_date AS on_day FROM rm_memberships
                WHERE regency_code = :r AND start_date IS NOT NULL) AS days
            GROUP BY participant_id) AS firsts GROUP BY 1),
    started AS (
        SELECT date_trunc('month', start_date)::date m, count(*) n FROM rm_memberships
        WHERE regency_code = :r AND start_date IS NOT NULL GROUP BY 1),
    ended AS (
        SELECT date_trunc('month', greatest(start_date, end_date))::date m, count(*) n FROM rm_memberships
        WHERE regency_code = :r AND start_date IS NOT NULL AND end_date IS NOT NULL GROUP BY 1),
    months AS (
        SELECT generate_series(first, :until, interval '1 month')::date AS month
        FROM (SELECT least((SELECT min(m) FROM registered), (SELECT min(m) FROM started)) AS first) bounds
        WHERE first IS NOT NULL)
    INSERT INTO rm_coverage_months (regency_code, month, participants, active_memberships, events_applied)
    SELECT :r, month, sum(coalesce(registered.n, 0)) OVER w,
           sum(coalesce(started.n, 0)) OVER w - sum(coalesce(ended.n, 0)) OVER w, :applied
    FROM months LEFT JOIN registered ON registered.m = month LEFT JOIN started ON started.m = month
         LEFT JOIN ended ON ended.m = month
    WINDOW w AS (ORDER BY month)
""")


async def refresh(session: AsyncSession, regency_code: str, until: dt.date) -> None:
    """Recompute every month from the first registration or membership up to the month of
    `until` (one regency at a time)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('rm_coverage_months:' || :r))"),
                          {"r": regency_code})
    _, applied = await newest_event(session, regency_code)
    await session.execute(text("DELETE FROM rm_coverage_months WHERE regency_code = :r"), {"r": regency_code})
    await session.execute(REFRESH, {"r": regency_code, "until": month_start(until), "applied": applied})


async def _stale(session: AsyncSession, regency_code: str, until: dt.date) -> bool:
    _, applied = await newest_event(session, regency_code)
    row = (await session.execute(text(
        "SELECT max(month), min(events_applied) FROM rm_coverage_months WHERE regency_code = :r"),
        {"r": regency_code})).first()
    if applied == 0:
        return row[0] is not None
    return row[0] is None or row[0] < month_start(until) or row[1] != applied


async def history(session: AsyncSession, regency_code: str, until: dt.date) -> list[CoveragePoint]:
    """Month-end coverage up to `until`'s month; refreshes the table first when it is stale.
    Runs inside the caller's transaction."""
    if await _stale(session, regency_code, until):
        await refresh(session, regency_code, max(until, dt.date.today()))
    rows = (await session.execute(text(
        "SELECT month, participants, active_memberships FROM rm_coverage_months "
        "WHERE regency_code = :r AND month <= :until ORDER BY month"),
        {"r": regency_code, "until": until})).all()
    profile = reporting_profile(regency_code)
    return [
        CoveragePoint(month, participants, active, profile.workforce_on(month)) for month, participants, active in rows
    ]


async def refresh_all(session: AsyncSession, until: dt.date) -> None:
    regencies = (await session.execute(text("SELECT DISTINCT regency_code FROM rm_watermarks"))).scalars().all()
    for regency_code in regencies:
        await refresh(session, regency_code, until)
