from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from shared.answers import Answer
from shared.bounds import PastDate


class RecapReceived(BaseModel):
    """BPJS's monthly recap (Berau Pasal 22) came in on `received_on`."""

    model_config = ConfigDict(extra="forbid")

    regency_code: str = Field(pattern=r"^\d{4}$")
    # years 2000-2099 (inside the 2000-2100 periodic.domain.parse_period_key accepts) and months 01-12, stated
    # in the schema so that a period it admits is one the domain takes
    period: str = Field(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", description="the month the recap covers, YYYY-MM")
    received_on: PastDate
    reference: str | None = Field(default=None, max_length=200, description="letter number")


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class RecapStatusFields(Answer):
    """A report received from outside (BPJS's monthly recap): when it came in and whether late."""

    status: str = Field(description="owed reports: `period_running`, `due`, `past_due`; received ones: `on_time`, "
                                    "`late`, `missing_overdue`, `not_due`")
    status_label: str
    late: bool | None = None
    received_on: dt.date | None = None
    reference: str | None = None
    days_late: int | None = None
    citation: str | None = None


class ScheduledReportView(RecapStatusFields):
    """Laporan terjadwal / a report the regulation requires for a period: due date, who submits it to
    whom, on what basis (`regulation` or `interpretation`), its status and, for reports this service
    writes, where to download it."""

    report_id: str
    title: str
    frequency: str
    frequency_label: str
    period: str
    period_label: str
    covers_from: dt.date
    covers_until: dt.date
    due_date: dt.date
    submitted_by: str
    submitted_to: str
    basis: str
    citations: list[str]
    explanation: str
    downloads: dict[str, str] | None = Field(None, description="format → path (reports this service writes)")


REPORT_EXAMPLE = {
    "report_id": "coverage_quarterly", "title": "Laporan cakupan kepesertaan", "frequency": "quarterly",
    "frequency_label": "triwulanan", "period": "2026-Q1", "period_label": "Triwulan I 2026",
    "covers_from": "2026-01-01", "covers_until": "2026-03-31", "due_date": "2026-04-15",
    "submitted_by": "Dinas Tenaga Kerja", "submitted_to": "Bupati", "basis": "regulation",
    "citations": ["Perbup Berau Pasal 22"], "explanation": "Laporan cakupan kepesertaan periode Triwulan I 2026 ...",
    "status": "period_running", "status_label": "periode berjalan",
    "downloads": {"xlsx": "/v1/reports/coverage_quarterly/2026-Q1.xlsx",
                  "pdf": "/v1/reports/coverage_quarterly/2026-Q1.pdf"}}


class ReportCalendar(Answer):
    """Kalender pelaporan / the reports the regency's regulation requires for a year."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regency_code": "6405", "regency_name": "Berau", "year": 2026, "as_of": "2026-01-15",
        "reports": [REPORT_EXAMPLE]}]})
    regency_code: str
    regency_name: str
    year: int
    as_of: dt.date
    reports: list[ScheduledReportView]


RECAP_EXAMPLE = {
    "regency_code": "6405", "report_id": "bpjs_monthly_recap", "period": "2026-01", "period_label": "Januari 2026",
    "due_date": "2026-02-10", "status": "on_time", "status_label": "diterima tepat waktu", "late": False,
    "received_on": "2026-02-05", "reference": "B/123/BPJS/2026", "days_late": 0, "citation": "Perbup Berau Pasal 22"}


class RecapStatus(RecapStatusFields):
    """Rekap bulanan BPJS / the month's recap as recorded (201 the first time, 200 for a correction)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [RECAP_EXAMPLE]})
    regency_code: str
    report_id: str
    period: str
    period_label: str
    due_date: dt.date


class RecapYear(Answer):
    """Rekap bulanan BPJS setahun / each month's recap status for a year; `late` names the months late or
    missing past due."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regency_code": "6405", "report_id": "bpjs_monthly_recap", "year": 2026, "as_of": "2026-01-15",
        "months": [], "late": []}]})
    regency_code: str
    report_id: str
    year: int
    as_of: dt.date
    months: list[ScheduledReportView]
    late: list[str]
