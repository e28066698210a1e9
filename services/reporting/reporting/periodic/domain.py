"""Pure: period keys in URLs ("2026-03", "2026-Q1", "2026-H1", "2026"), the status of a
scheduled report on a day, and what a report on a period covers."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reporting.reports import RecapStatus, ReportPeriod, ScheduledReport, period
from reporting.reports.calendar import BPJS_MONTHLY_RECAP

KEY_PATTERNS = {
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "half_year": re.compile(r"^(\d{4})-H([12])$"),
    "year": re.compile(r"^(\d{4})$"),
}
KEY_EXAMPLES = {"month": "2026-03", "quarter": "2026-Q1", "half_year": "2026-H1", "year": "2026"}
# without a submission record: where the regency stands with a report it owes
IN_PROGRESS, DUE, PAST_DUE = "period_running", "due", "past_due"
STATUS_LABELS = {IN_PROGRESS: "periode berjalan", DUE: "menunggu penyampaian", PAST_DUE: "lewat tenggat"}


def period_key(of: ReportPeriod) -> str:
    if of.frequency == "month":
        return f"{of.year}-{of.index:02d}"
    if of.frequency == "quarter":
        return f"{of.year}-Q{of.index}"
    if of.frequency == "half_year":
        return f"{of.year}-H{of.index}"
    return str(of.year)


def parse_period_key(frequency: str, key: str) -> ReportPeriod:
    """ValueError when `key` is not a period of this frequency."""
    match = KEY_PATTERNS[frequency].match(key)
    if not match:
        raise ValueError(f"expected a period like {KEY_EXAMPLES[frequency]}")
    year, index = int(match[1]), int(match[2]) if match.lastindex == 2 else 1
    if not 2000 <= year <= 2100:
        raise ValueError("year out of range")
    return period(frequency, year, index)


def parse_any_period(key: str) -> ReportPeriod:
    """"2026", "2026-H1", "2026-Q1" or "2026-03" (ValueError otherwise)."""
    for frequency in ("month", "quarter", "half_year", "year"):
        try:
            return parse_period_key(frequency, key)
        except ValueError:
            continue
    raise ValueError("expected a period like 2026, 2026-H1, 2026-Q1 or 2026-03")


def owed_status(scheduled: ScheduledReport, today: dt.date) -> str:
    if today <= scheduled.covers_until:
        return IN_PROGRESS
    return DUE if today <= scheduled.due_date else PAST_DUE


def is_late(status: RecapStatus) -> bool:
    """Flagged: the recap came in after its due date, or is still missing past it."""
    return status.status in ("late", "missing_overdue")


def is_received_from_outside(scheduled: ScheduledReport) -> bool:
    """BPJS's recap comes to the regency; every other report is one the regency produces."""
    return scheduled.obligation.id == BPJS_MONTHLY_RECAP


@dataclass(frozen=True)
class ReportWindow:
    """What a report on a period shows: counts on `as_of` (the period end, or today while the
    period runs), flows (sanctions, construction) between `since` and `as_of`."""

    since: dt.date
    as_of: dt.date


def window(scheduled: ScheduledReport, today: dt.date) -> ReportWindow:
    return ReportWindow(scheduled.covers_from, min(scheduled.covers_until, today))
