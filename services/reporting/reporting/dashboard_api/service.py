"""The dashboard's two answers (dashboard/DATA.md): the regencies a client may see, and one
regency's year-to-date figures with its monthly coverage history."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import async_sessionmaker

from reporting.coverage.history import history
from reporting.periodic.assemble import report_data, year_to_date
from reporting.regencies import known_regencies, regency_name, reporting_profile
from reporting.reports import ReportMeta, build_dashboard_payload, period
from shared.auth import Client

KIND = "Dasbor pemantauan Jaminan Sosial Ketenagakerjaan (data terkini)"


def regencies_for(client: Client) -> dict:
    return {"regencies": [{"code": code, "name": regency_name(code)}
                          for code in client.visible_regencies(list(known_regencies()))]}


async def dashboard(sessions: async_sessionmaker, regency_code: str, today: dt.date) -> dict:
    profile = reporting_profile(regency_code)
    async with sessions() as session, session.begin():
        data = await report_data(session, regency_code, year_to_date(today))
        months = await history(session, regency_code, today)
    ucj = profile.ucj_target[-1].citation if profile.ucj_target else None
    meta = ReportMeta(regency_name=regency_name(regency_code), period_label=period("year", today.year, 1).label,
                      report_kind_label=KIND, regency_code=regency_code,
                      generated_at=dt.datetime.now(dt.UTC).astimezone(),
                      legal_basis=str(ucj) if ucj else None)
    return build_dashboard_payload(data, months, meta=meta, policy=profile.small_cell)
