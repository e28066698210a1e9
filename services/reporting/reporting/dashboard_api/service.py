"""The dashboard's two answers (dashboard/DATA.md): the regencies a client may see, and one
regency's year-to-date figures with its monthly coverage history."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from reporting.coverage.history import history
from reporting.coverage.service import totals
from reporting.documents.models import DocumentRecord
from reporting.periodic import service as periodic
from reporting.periodic.assemble import report_data, year_to_date
from reporting.periodic.domain import IN_PROGRESS, PAST_DUE, ReportWindow, parse_any_period, period_key
from reporting.regencies import known_regencies, regency_name, reporting_profile
from reporting.reports import (
    ReportMeta,
    ReportPeriod,
    build_dashboard_payload,
    period,
    period_containing,
    periods_in_year,
)
from shared.auth import Client
from shared.problems import InvalidInput

KIND = "Dasbor pemantauan Jaminan Sosial Ketenagakerjaan (data terkini)"


def regencies_for(client: Client) -> dict:
    return {"regencies": [{"code": code, "name": regency_name(code)}
                          for code in client.visible_regencies(list(known_regencies()))]}


async def dashboard(sessions: async_sessionmaker, regency_code: str, today: dt.date, key: str | None = None) -> dict:
    """Year to date, or the period `key` names ("2026", "2026-H1", "2026-Q3", "2026-03"), with the
    same figures at the end of the period before it for comparison."""
    profile = reporting_profile(regency_code)
    try:
        chosen = parse_any_period(key) if key else None
    except ValueError as exc:
        raise InvalidInput.fields([("period", str(exc))]) from None
    if chosen is not None and chosen.start > today:
        raise InvalidInput.fields([("period", "the period has not started")])
    span = ReportWindow(chosen.start, min(chosen.end, today)) if chosen else year_to_date(today)
    before = previous_period(chosen or period("year", today.year, 1))
    async with sessions() as session, session.begin():
        data = await report_data(session, regency_code, span, today)
        months = await history(session, regency_code, today)
        earlier = await totals(session, regency_code, before.end)
    ucj = profile.ucj_target[-1].citation if profile.ucj_target else None
    meta = ReportMeta(regency_name=regency_name(regency_code),
                      period_label=(chosen or period("year", today.year, 1)).label,
                      report_kind_label=KIND, regency_code=regency_code,
                      generated_at=dt.datetime.now(dt.UTC).astimezone(),
                      legal_basis=str(ucj) if ucj else None)
    payload = build_dashboard_payload(data, months, meta=meta, policy=profile.small_cell)
    payload["obligations"] = await obligations(sessions, regency_code, today)
    payload["previous"] = {"period": period_key(before), "period_label": before.label, "as_of": before.end.isoformat(),
                           "summary": earlier}
    payload["periods"] = selectable_periods(today)
    return payload


def previous_period(of: ReportPeriod) -> ReportPeriod:
    """The period of the same length just before `of` (pure)."""
    return period_containing(of.frequency, of.start - dt.timedelta(days=1))


def selectable_periods(today: dt.date) -> list[dict]:
    """This year and last: the years, halves and quarters that have started, newest first (pure)."""
    out = []
    for year in (today.year, today.year - 1):
        for frequency in ("year", "half_year", "quarter"):
            out += [{"period": period_key(p), "label": p.label} for p in periods_in_year(frequency, year)
                    if p.start <= today]
    return out


async def obligations(sessions: async_sessionmaker, regency_code: str, today: dt.date) -> dict:
    """What the regent's office must see at once: BPJS recaps late or missing past due, reports the
    regency owes past their due date, and the reports of ended periods to download (newest first)."""
    entries = []
    for year in (today.year - 1, today.year):
        entries += (await periodic.calendar(sessions, regency_code, year, today))["reports"]
    issued = await _issued(sessions, regency_code)
    for entry in entries:  # a report issued through the register is produced: its number says so
        number = issued.get(f"report:{entry['report_id']}:{entry['period']}")
        if number and "downloads" in entry:
            entry.update(status="issued", status_label=f"diterbitkan, nomor {number}")
    late = [e for e in entries if e.get("late")]
    owed = [e for e in entries if "downloads" in e and e["status"] == PAST_DUE]
    ended = [e for e in entries if "downloads" in e and e["status"] != IN_PROGRESS]
    ended.sort(key=lambda e: (e["covers_until"], e["report_id"]), reverse=True)
    return {"late_recaps": [{"period": e["period"], "period_label": e["period_label"],
                             "status_label": e["status_label"], "due_date": e["due_date"]} for e in late],
            "overdue_reports": [{"title": e["title"], "period_label": e["period_label"], "due_date": e["due_date"]}
                                for e in owed],
            "downloads": [{"title": e["title"], "period_label": e["period_label"], "status_label": e["status_label"],
                           **{fmt: f"{path}?regency_code={regency_code}" for fmt, path in e["downloads"].items()}}
                          for e in ended[:8]]}


async def _issued(sessions: async_sessionmaker, regency_code: str) -> dict[str, str]:
    """subject -> number of the reports the register holds for the regency."""
    async with sessions() as session:
        rows = (await session.execute(select(DocumentRecord.subject, DocumentRecord.number).where(
            DocumentRecord.regency_code == regency_code, DocumentRecord.kind == "report"))).all()
    return dict(rows)
