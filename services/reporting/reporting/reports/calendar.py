"""The reporting calendar: which reports a regency owes for which period, and by when.

Periods are calendar periods (the Indonesian fiscal year is the calendar year). Frequencies,
recipients and due rules come from the regency's reporting.yaml; nothing here knows a
regency.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from shared.regulation import Citation

from .formatting import date_long
from .labels import MONTHS, RECAP_STATUSES, ROMAN
from .profile import DueRule, ReportingProfile, ReportObligation

MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
BPJS_MONTHLY_RECAP = "bpjs_monthly_recap"


@dataclass(frozen=True)
class ReportPeriod:
    frequency: str
    year: int
    index: int          # 1-based within the year: month 1-12, quarter 1-4, half 1-2, year 1
    start: dt.date
    end: dt.date        # inclusive

    @property
    def label(self) -> str:
        """Indonesian: "Maret 2026", "Triwulan I 2026", "Semester II 2026", "Tahun 2026"."""
        if self.frequency == "month":
            return f"{MONTHS[self.index - 1]} {self.year}"
        if self.frequency == "quarter":
            return f"Triwulan {ROMAN[self.index - 1]} {self.year}"
        if self.frequency == "half_year":
            return f"Semester {ROMAN[self.index - 1]} {self.year}"
        return f"Tahun {self.year}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def period(frequency: str, year: int, index: int) -> ReportPeriod:
    span = MONTHS_PER_PERIOD[frequency]
    if not 1 <= index <= 12 // span:
        raise ValueError(f"{frequency} index {index} out of range")
    first_month = (index - 1) * span + 1
    last_month = first_month + span - 1
    return ReportPeriod(frequency, year, index, dt.date(year, first_month, 1), _month_end(year, last_month))


def periods_in_year(frequency: str, year: int) -> list[ReportPeriod]:
    return [period(frequency, year, i) for i in range(1, 12 // MONTHS_PER_PERIOD[frequency] + 1)]


def period_containing(frequency: str, day: dt.date) -> ReportPeriod:
    return period(frequency, day.year, (day.month - 1) // MONTHS_PER_PERIOD[frequency] + 1)


def due_date(rule: DueRule, of: ReportPeriod) -> dt.date:
    if rule.rule == "days_after_period_end":
        return of.end + dt.timedelta(days=rule.value)
    # day_of_following_month: "paling lambat tanggal 15 bulan berikutnya"; clipped to the
    # month's length so a day 31 still means the last day of a shorter month
    following = of.end + dt.timedelta(days=1)
    return following.replace(day=min(rule.value, _month_end(following.year, following.month).day))


@dataclass(frozen=True)
class ScheduledReport:
    obligation: ReportObligation
    period: ReportPeriod
    covers_from: dt.date     # the period start, or the day the obligation came into force
    covers_until: dt.date
    due_date: dt.date

    @property
    def citations(self) -> list[Citation]:
        due = [self.obligation.due.citation] if self.obligation.due.citation else []
        return [self.obligation.citation, *due]

    def explain(self) -> str:
        """One Indonesian sentence a clerk can check against the regulation."""
        text = (f"{self.obligation.title} periode {self.period.label} dari {self.obligation.submitted_by} "
                f"kepada {self.obligation.submitted_to}, paling lambat {date_long(self.due_date)} "
                f"(dasar{' (interpretasi)' if self.obligation.basis == 'interpretation' else ''}: "
                f"{self.obligation.citation}")
        if self.obligation.due.interpretation:
            text += f"; tenggat: interpretasi '{self.obligation.due.interpretation}'"
        elif self.obligation.due.citation:
            text += f"; tenggat: {self.obligation.due.citation}"
        return text + ")."


def schedule(obligation: ReportObligation, of: ReportPeriod) -> ScheduledReport | None:
    if not obligation.in_force_during(of.start, of.end):
        return None
    until = of.end
    if obligation.valid_until is not None:
        until = min(until, obligation.valid_until - dt.timedelta(days=1))
    return ScheduledReport(obligation, of, max(of.start, obligation.valid_from), until,
                           due_date(obligation.due, of))


def reporting_calendar(profile: ReportingProfile, year: int) -> list[ScheduledReport]:
    """Every report owed for the periods of `year`, in due-date order."""
    owed = []
    for obligation in profile.reports:
        for candidate in periods_in_year(obligation.frequency, year):
            scheduled = schedule(obligation, candidate)
            if scheduled:
                owed.append(scheduled)
    return sorted(owed, key=lambda s: (s.due_date, s.obligation.id))


class ReportNotRequired(LookupError):
    """The regency's regulation does not require this report."""


@dataclass(frozen=True)
class RecapStatus:
    status: str              # on_time | late | missing_overdue | not_due
    period: ReportPeriod
    due_date: dt.date
    received_on: dt.date | None
    days_late: int           # days past the due date (received late, or still missing)
    citation: Citation

    @property
    def label(self) -> str:
        return RECAP_STATUSES[self.status]


def recap_status(scheduled: ScheduledReport, received_on: dt.date | None, today: dt.date) -> RecapStatus:
    due = scheduled.due_date
    if received_on is not None:
        status = "on_time" if received_on <= due else "late"
        late = max(0, (received_on - due).days)
    else:
        status = "missing_overdue" if today > due else "not_due"
        late = max(0, (today - due).days)
    citation = scheduled.obligation.due.citation or scheduled.obligation.citation
    return RecapStatus(status, scheduled.period, due, received_on, late, citation)


def bpjs_recap_status(period_month: dt.date, received_on: dt.date | None, today: dt.date, *,
                      profile: ReportingProfile, report_id: str = BPJS_MONTHLY_RECAP) -> RecapStatus:
    """Whether BPJS's monthly recap for the month of `period_month` (any day in it) came in
    on time (Berau Pasal 22: by the 15th of the following month; the day is profile data)."""
    try:
        obligation = profile.report(report_id)
    except KeyError:
        raise ReportNotRequired(f"regency {profile.regency_code} has no report {report_id!r}") from None
    scheduled = schedule(obligation, period_containing(obligation.frequency, period_month))
    if scheduled is None:
        raise ReportNotRequired(f"report {report_id!r} is not in force for {period_month:%Y-%m}")
    return recap_status(scheduled, received_on, today)
