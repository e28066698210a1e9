"""Coverage figures for a regency (docs/API.md §10) and their breakdowns, read from the read model.

`participants` counts the people registered by `on` and the people protected by a membership
started by `on` (BPJS may record a membership before the registration reaches the registry: a
report must never say "Jumlah peserta 0" beside "Kepesertaan aktif 40"); `active_memberships`
counts memberships in force on `on`; breakdowns by area, category, sex and age join a membership
to its participant."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.coverage.domain import AreaCount, age_band_sql, village_rows
from reporting.regencies import place_names, reporting_profile
from reporting.reports.dashboard_data import village_items
from reporting.targets.service import in_force as target_in_force

ACTIVE = "m.start_date IS NOT NULL AND m.start_date <= :on AND (m.end_date IS NULL OR m.end_date > :on)"
REGISTERED = "p.regency_code = :r AND p.registered_on IS NOT NULL AND p.registered_on <= :on"
MEMBERS = f"rm_memberships m LEFT JOIN rm_participants p USING (participant_id) WHERE m.regency_code = :r AND {ACTIVE}"
PARTICIPANTS = (f"(SELECT p.participant_id FROM rm_participants p WHERE {REGISTERED} UNION SELECT m.participant_id "
                "FROM rm_memberships m WHERE m.regency_code = :r AND m.start_date <= :on) people "
                "LEFT JOIN rm_participants p USING (participant_id)")


async def _scalar(session: AsyncSession, sql: str, params: dict) -> int:
    return (await session.execute(text(sql), params)).scalar() or 0


async def _pairs(session: AsyncSession, sql: str, params: dict) -> dict:
    return {k: v for k, v in (await session.execute(text(sql), params)).all()}


async def totals(session: AsyncSession, regency_code: str, on: dt.date) -> dict[str, int]:
    params = {"r": regency_code, "on": on}
    return {
        "participants": await _scalar(session, f"SELECT count(*) FROM {PARTICIPANTS}", params),
        "active_memberships": await _scalar(session, f"SELECT count(*) FROM {MEMBERS}", params),
        "aid_funded": await _scalar(
            session, f"SELECT count(DISTINCT m.participant_id) FROM {MEMBERS} AND m.funding = 'aid'", params),
    }


async def by_program(session: AsyncSession, regency_code: str, on: dt.date) -> dict[str, int]:
    """Participants with an active membership in each programme."""
    return await _pairs(session, "SELECT prog, count(DISTINCT m.participant_id) FROM rm_memberships m "
                        f"CROSS JOIN LATERAL unnest(m.programs) prog WHERE m.regency_code = :r AND {ACTIVE} "
                        "GROUP BY prog ORDER BY prog", {"r": regency_code, "on": on})


async def by_participant_attribute(session: AsyncSession, regency_code: str, on: dt.date,
                                   expression: str) -> dict[str, dict[str, int]]:
    """{value: {participants, active_memberships}} grouped by a participant attribute."""
    params = {"r": regency_code, "on": on, "year": on.year}
    registered = await _pairs(session, f"SELECT {expression}, count(*) FROM {PARTICIPANTS} GROUP BY 1", params)
    active = await _pairs(session, f"SELECT {expression}, count(*) FROM {MEMBERS} GROUP BY 1", params)
    keys = sorted(set(registered) | set(active), key=lambda k: (k is None, str(k)))
    return {k: {"participants": registered.get(k, 0), "active_memberships": active.get(k, 0)} for k in keys}


def age_band_expression() -> str:
    return age_band_sql("p.birth_year", "year")


async def by_funding(session: AsyncSession, regency_code: str, on: dt.date) -> dict[str, int]:
    return await _pairs(
        session,
        f"SELECT coalesce(m.funding, 'unknown'), count(*) FROM {MEMBERS} GROUP BY 1 ORDER BY 1",
        {"r": regency_code, "on": on},
    )


async def by_area(session: AsyncSession, regency_code: str, on: dt.date) -> list[AreaCount]:
    """Counts per (district, village); a null village collects participants without one."""
    params = {"r": regency_code, "on": on}
    rows = (
        await session.execute(
            text(f"""
        WITH registered AS (
            SELECT p.district_code d, p.village_code v, count(*) n FROM {PARTICIPANTS} GROUP BY 1, 2),
        active AS (
            SELECT p.district_code d, p.village_code v, count(*) n,
                   count(DISTINCT m.participant_id) FILTER (WHERE m.funding = 'aid') aid
            FROM {MEMBERS} GROUP BY 1, 2)
        SELECT d, v, coalesce(registered.n, 0), coalesce(active.n, 0), coalesce(active.aid, 0)
        FROM registered FULL JOIN active USING (d, v) ORDER BY d NULLS LAST, v NULLS LAST"""),
            params,
        )
    ).all()
    return [AreaCount(*row) for row in rows]


async def newest_event(session: AsyncSession, regency_code: str) -> tuple[dt.datetime | None, int]:
    row = (await session.execute(text(
        "SELECT max(newest_event_at), coalesce(sum(events_applied), 0) FROM rm_watermarks WHERE regency_code = :r"),
        {"r": regency_code})).first()
    return row[0], int(row[1])


async def targets(session: AsyncSession, regency_code: str, on: dt.date) -> dict:
    """The year's workforce estimate and UCJ target: what an administrator recorded through
    `PUT /v1/targets` (newest version), else the profile's dated values."""
    profile = reporting_profile(regency_code)
    recorded = await target_in_force(session, regency_code, on.year)
    if recorded is not None:
        return {"workforce_estimate": recorded.workforce_estimate,
                "ucj_target_percent": round(100 * recorded.target_ratio, 2),
                "interim_target_percent": profile.interim_target_on(on), "target_source": recorded.source}
    return {"workforce_estimate": profile.workforce_on(on), "ucj_target_percent": profile.ucj_target_on(on),
            "interim_target_percent": profile.interim_target_on(on), "target_source": None}


def _ratio(part: int, whole: int | None) -> float | None:
    return round(part / whole, 4) if whole else None


def _percent(part: int, whole: int | None) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


def _keyed(groups: dict) -> dict:
    return {("unknown" if k is None else k): v for k, v in groups.items()}


async def coverage(sessions: async_sessionmaker, regency_code: str, on: dt.date | None = None) -> dict:
    """docs/API.md §10 fields (`by_category` etc. count participants), plus `breakdowns` giving
    participants and active memberships by category, sex, age band and district."""
    on = on or dt.date.today()
    async with sessions() as session:
        counts = await totals(session, regency_code, on)
        programs = await by_program(session, regency_code, on)
        breakdowns = {name: _keyed(await by_participant_attribute(session, regency_code, on, expression))
                      for name, expression in (("category", "p.category"), ("sex", "p.sex"),
                                               ("age_band", age_band_expression()), ("district", "p.district_code"))}
        funding = await by_funding(session, regency_code, on)
        newest, applied = await newest_event(session, regency_code)
        goal = await targets(session, regency_code, on)
    target_ratio = None if goal["ucj_target_percent"] is None else round(goal["ucj_target_percent"] / 100, 4)
    flat = {name: {k: v["participants"] for k, v in groups.items() if k != "unknown"}
            for name, groups in breakdowns.items()}
    return {
        "regency_code": regency_code, "as_of": on.isoformat(), **counts,
        "by_program": programs, "by_category": flat["category"], "by_sex": flat["sex"],
        "by_age_band": flat["age_band"], "by_funding": funding, "breakdowns": breakdowns,
        **goal, "coverage_percent": _percent(counts["active_memberships"], goal["workforce_estimate"]),
        "coverage_ratio": _ratio(counts["active_memberships"], goal["workforce_estimate"]),
        "target_ratio": target_ratio,
        "newest_event_at": newest.isoformat() if newest else None,
        "events_applied": applied,
    }


async def villages(sessions: async_sessionmaker, regency_code: str, on: dt.date) -> dict:
    """Village counts with small-cell protection (reports/suppression.py): below the profile's
    threshold a count is hidden, plus complementary cells so district totals cannot reveal it."""
    async with sessions() as session:
        rows = village_rows(await by_area(session, regency_code, on), place_names(regency_code))
    policy = reporting_profile(regency_code).small_cell
    return {"regency_code": regency_code, "as_of": on.isoformat(), "small_cell_threshold": policy.threshold,
            "villages": village_items(rows, policy)}
