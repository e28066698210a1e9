"""Periodic reports: the regency's calendar with statuses, exports built from the read model,
and BPJS's monthly recap (recorded when received, flagged when late)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.documents.models import DocumentRecord
from reporting.periodic import domain
from reporting.periodic.assemble import report_data
from reporting.periodic.models import ReportReceipt
from reporting.regencies import regency_name, reporting_profile
from reporting.reports import ReportMeta, ScheduledReport, render_pdf, render_xlsx, reporting_calendar
from reporting.reports.calendar import BPJS_MONTHLY_RECAP, recap_status, schedule
from reporting.reports.data import Official
from reporting.reports.labels import FREQUENCIES
from shared.documents import Rendered, Stamp, issue_once, stored_content
from shared.documents.layout import verification_line
from shared.problems import InvalidInput, NotFound, Problem

RENDERERS = {"xlsx": render_xlsx, "pdf": render_pdf}
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "pdf": "application/pdf"}


class ReportNotOwed(NotFound):
    slug, title = "report-not-required", "Report not required"


def scheduled_report(regency_code: str, report_id: str, key: str) -> ScheduledReport:
    profile = reporting_profile(regency_code)
    try:
        obligation = profile.report(report_id)
    except KeyError:
        raise ReportNotOwed(f"Regency {regency_code}'s regulation requires no report '{report_id}'") from None
    try:
        of = domain.parse_period_key(obligation.frequency, key)
    except ValueError as exc:
        raise InvalidInput.fields([("period", str(exc))]) from None
    scheduled = schedule(obligation, of)
    if scheduled is None:
        raise ReportNotOwed(f"Report '{report_id}' is not in force for {of.label}")
    return scheduled


def _entry(scheduled: ScheduledReport, today: dt.date, received: dict[tuple[str, str], ReportReceipt]) -> dict:
    o, key = scheduled.obligation, domain.period_key(scheduled.period)
    entry = {
        "report_id": o.id, "title": o.title, "frequency": o.frequency, "frequency_label": FREQUENCIES[o.frequency],
        "period": key, "period_label": scheduled.period.label, "covers_from": scheduled.covers_from.isoformat(),
        "covers_until": scheduled.covers_until.isoformat(), "due_date": scheduled.due_date.isoformat(),
        "submitted_by": o.submitted_by, "submitted_to": o.submitted_to, "basis": o.basis,
        "citations": [str(c) for c in scheduled.citations], "explanation": scheduled.explain(),
    }
    if domain.is_received_from_outside(scheduled):
        receipt = received.get((o.id, key))
        return {**entry, **_recap_fields(scheduled, receipt, today)}
    status = domain.owed_status(scheduled, today)
    return {**entry, "status": status, "status_label": domain.STATUS_LABELS[status],
            "downloads": {fmt: f"/v1/reports/{o.id}/{key}.{fmt}" for fmt in RENDERERS}}


def _recap_fields(scheduled: ScheduledReport, receipt: ReportReceipt | None, today: dt.date) -> dict:
    status = recap_status(scheduled, receipt.received_on if receipt else None, today)
    return {"status": status.status, "status_label": status.label, "late": domain.is_late(status),
            "received_on": receipt.received_on.isoformat() if receipt else None,
            "reference": receipt.reference if receipt else None, "days_late": status.days_late,
            "citation": str(status.citation)}


async def _receipts(session: AsyncSession, regency_code: str) -> dict[tuple[str, str], ReportReceipt]:
    rows = (await session.execute(select(ReportReceipt).where(ReportReceipt.regency_code == regency_code))).scalars()
    return {(r.report_id, r.period): r for r in rows}


async def calendar(sessions: async_sessionmaker, regency_code: str, year: int, today: dt.date) -> dict:
    owed = reporting_calendar(reporting_profile(regency_code), year)
    async with sessions() as session:
        received = await _receipts(session, regency_code)
    return {"regency_code": regency_code, "regency_name": regency_name(regency_code), "year": year,
            "as_of": today.isoformat(), "reports": [_entry(s, today, received) for s in owed]}


async def export(sessions: async_sessionmaker, regency_code: str, report_id: str, key: str, fmt: str,
                 today: dt.date) -> tuple[bytes, str]:
    """The report as XLSX or PDF bytes and its file name. A period that has ended is an official
    document: issued once through the register (number, kop, signer, SHA-256) and served from it
    afterwards; a period still running gives a draft marked as such, never registered."""
    scheduled = scheduled_report(regency_code, report_id, key)
    if scheduled.covers_from > today:
        raise Problem(f"{scheduled.period.label} has not started", status=422, slug="period-not-started",
                      title="Period has not started")
    name = f"laporan-{regency_code}-{report_id}-{key}.{fmt}"

    async def render(stamp: Stamp | None) -> Rendered:
        async with sessions() as session:
            data = await report_data(session, regency_code, domain.window(scheduled, today), today)
        meta = ReportMeta(regency_name=regency_name(regency_code), period_label=scheduled.period.label,
                          report_kind_label=scheduled.obligation.title, regency_code=regency_code,
                          generated_at=dt.datetime.now(dt.UTC).astimezone(),
                          legal_basis=str(scheduled.obligation.citation), official=_official(stamp),
                          sections=scheduled.obligation.sections)
        body = RENDERERS[fmt](data, meta, policy=reporting_profile(regency_code).small_cell)
        return Rendered(body, CONTENT_TYPES[fmt], name)

    if today <= scheduled.covers_until:
        return (await render(None)).content, name
    async with sessions() as session, session.begin():
        record = await issue_once(session, DocumentRecord, regency_code=regency_code, kind="report",
                                  subject=f"report:{report_id}:{key}", media_type=CONTENT_TYPES[fmt], day=today,
                                  render=render, title=f"{scheduled.obligation.title} {scheduled.period.label}")
        return await stored_content(session, DocumentRecord, record), record.file_name


def _official(stamp: Stamp | None) -> Official | None:
    if stamp is None:
        return None
    return Official(number=stamp.number, issued_on=stamp.issued_on, place=stamp.place,
                    heading=tuple(stamp.office.heading), contact=(stamp.office.address, stamp.office.contact),
                    signer_name=stamp.signer.name, signer_position=stamp.signer.position, signer_nip=stamp.signer.nip,
                    signer_rank=stamp.signer.rank,
                    verification=verification_line(stamp.number, stamp.verification_code, "/v1/documents/verify"))


def _recap(regency_code: str, month: str) -> ScheduledReport:
    return scheduled_report(regency_code, BPJS_MONTHLY_RECAP, month)


async def record_recap(sessions: async_sessionmaker, regency_code: str, month: str, received_on: dt.date,
                       reference: str | None, recorded_by: str, today: dt.date) -> tuple[bool, dict]:
    """Record (or correct) the day BPJS's recap for `month` came in. Returns (created, status)."""
    scheduled = _recap(regency_code, month)
    if received_on > today:
        raise InvalidInput.fields([("received_on", "must not be in the future")])
    if received_on < scheduled.period.start:
        raise InvalidInput.fields([("received_on", "is before the month the recap covers")])
    key = {"regency_code": regency_code, "report_id": BPJS_MONTHLY_RECAP, "period": month}
    values = {"received_on": received_on, "reference": reference, "recorded_by": recorded_by,
              "recorded_at": dt.datetime.now(dt.UTC)}
    async with sessions() as session, session.begin():
        created = await session.get(ReportReceipt, tuple(key.values())) is None
        await session.execute(insert(ReportReceipt).values(**key, **values).on_conflict_do_update(
            index_elements=list(key), set_=values))
        receipt = await session.get(ReportReceipt, tuple(key.values()), populate_existing=True)
    return created, {"regency_code": regency_code, "report_id": BPJS_MONTHLY_RECAP, "period": month,
                     "period_label": scheduled.period.label, "due_date": scheduled.due_date.isoformat(),
                     **_recap_fields(scheduled, receipt, today)}


async def recap_statuses(sessions: async_sessionmaker, regency_code: str, year: int, today: dt.date) -> dict:
    """Every month of `year` the recap is owed for, with its status; `late` lists the months
    whose recap came in late or is missing past its due date."""
    async with sessions() as session:
        received = await _receipts(session, regency_code)
    months = [_entry(s, today, received) for s in reporting_calendar(reporting_profile(regency_code), year)
              if s.obligation.id == BPJS_MONTHLY_RECAP]
    if not months and not _owes_recap(regency_code):
        raise ReportNotOwed(f"Regency {regency_code}'s regulation requires no BPJS monthly recap")
    return {"regency_code": regency_code, "report_id": BPJS_MONTHLY_RECAP, "year": year, "as_of": today.isoformat(),
            "months": months, "late": [m["period"] for m in months if m["late"]]}


def _owes_recap(regency_code: str) -> bool:
    return any(o.id == BPJS_MONTHLY_RECAP for o in reporting_profile(regency_code).reports)
