"""The administrative fine: a rate a month of the contributions that should have been paid,
counted from the end of the second written warning (PP 86/2013 Pasal 10(4)); rate and
month counting come from the profile."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .profile import SanctionsProfile
from .records import cite


@dataclass(frozen=True)
class FineCalculation:
    amount: int               # whole rupiah
    contributions_owed: int
    months: int
    rate_per_month: Decimal
    citation: str | None


def months_late(since: dt.date, until: dt.date, *, count_started_months: bool) -> int:
    """Months from `since` (exclusive) to `until`; a started month counts when the profile says so."""
    if until <= since:
        return 0
    whole = (until.year - since.year) * 12 + (until.month - since.month)
    if until.day < since.day:
        whole -= 1
    anniversary = _add_months(since, whole)
    return whole + (1 if count_started_months and until > anniversary else 0)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def fine_amount(contributions_owed: int, second_warning_ended: dt.date, until: dt.date,
                profile: SanctionsProfile) -> FineCalculation:
    rate = profile.parameter("fine_rate_per_month", second_warning_ended)
    counting = profile.choice("fine_month_counting", "started_month") == "started_month"
    months = months_late(second_warning_ended, until, count_started_months=counting)
    per_month = Decimal(str(rate.value))
    amount = (Decimal(contributions_owed) * per_month * months).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return FineCalculation(int(amount), contributions_owed, months, per_month, cite(rate.citation))
