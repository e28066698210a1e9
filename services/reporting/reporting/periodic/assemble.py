"""Fill the pure report input (`ReportData`) from the read models for one regency and window."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.aid.service import budget_rows
from reporting.complaints.service import complaint_rows
from reporting.construction.service import construction
from reporting.coverage import service as coverage
from reporting.coverage.domain import district_rows, village_rows
from reporting.periodic.domain import ReportWindow
from reporting.periodic.models import ReportReceipt
from reporting.regencies import category_labels, place_names, reporting_profile, violation_labels
from reporting.reports import CategoryRow, ProgramRow, ReportData, Summary, reporting_calendar
from reporting.reports.calendar import BPJS_MONTHLY_RECAP, recap_status
from reporting.reports.data import RecapRow
from reporting.sanctions.service import sanction_rows, supervision_rows
from reporting.targets import national


async def report_data(session: AsyncSession, regency_code: str, span: ReportWindow,
                      today: dt.date | None = None) -> ReportData:
    on = span.as_of
    totals = await coverage.totals(session, regency_code, on)
    newest, _ = await coverage.newest_event(session, regency_code)
    areas = await coverage.by_area(session, regency_code, on)
    categories = await coverage.by_participant_attribute(session, regency_code, on, "p.category")
    labels = category_labels(regency_code)
    return ReportData(
        summary=Summary(**totals, **_goal(await coverage.targets(session, regency_code, on)), data_as_of=newest),
        districts=tuple(district_rows(areas, place_names(regency_code))),
        villages=tuple(village_rows(areas, place_names(regency_code))),
        programs=tuple(ProgramRow(p, n) for p, n in (await coverage.by_program(session, regency_code, on)).items()),
        categories=tuple(CategoryRow(c or "unknown", v["participants"], v["active_memberships"], labels.get(c))
                         for c, v in categories.items()),
        budgets=tuple(await budget_rows(session, regency_code, on, year=on.year)),
        sanctions=tuple(await sanction_rows(session, regency_code, span.since, on, violation_labels(regency_code))),
        construction=await construction(session, regency_code, span.since, on),
        complaints=tuple(await complaint_rows(session, regency_code, span.since, on)),
        supervision=tuple(await supervision_rows(session, regency_code, span.since, on,
                                                 violation_labels(regency_code))),
        recaps=tuple(await recap_rows(session, regency_code, span, today or on)),
        national_targets=national.lines(on),
    )


async def recap_rows(session: AsyncSession, regency_code: str, span: ReportWindow, today: dt.date) -> list[RecapRow]:
    """BPJS's monthly recaps owed for the months of the window, with their status on `today`."""
    profile = reporting_profile(regency_code)
    owed = [s for year in range(span.since.year, span.as_of.year + 1) for s in reporting_calendar(profile, year)
            if s.obligation.id == BPJS_MONTHLY_RECAP and span.since <= s.covers_from <= span.as_of]
    received = {r.period: r for r in (await session.execute(select(ReportReceipt).where(
        ReportReceipt.regency_code == regency_code, ReportReceipt.report_id == BPJS_MONTHLY_RECAP))).scalars()}
    rows = []
    for scheduled in owed:
        receipt = received.get(f"{scheduled.period.start:%Y-%m}")
        status = recap_status(scheduled, receipt.received_on if receipt else None, today)
        rows.append(RecapRow(scheduled.period.label, scheduled.due_date, receipt.received_on if receipt else None,
                             status.label, status.days_late, receipt.reference if receipt else None))
    return rows


def _goal(goal: dict) -> dict:
    return {k: v for k, v in goal.items() if k != "target_source"}


def year_to_date(today: dt.date) -> ReportWindow:
    return ReportWindow(dt.date(today.year, 1, 1), today)
