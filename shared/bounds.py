"""What values can mean: date bounds per kind of date, and the largest row number (docs/API.md §4:
"dates are refused (422) where they fall outside what the act can mean"; no input is a 5xx).

Date kinds (one annotated type each; `today` is the server's date):
| type          | from        | until              | for                                                        |
|---------------|-------------|--------------------|------------------------------------------------------------|
| `PastDate`    | 1990-01-01  | today + 1 day      | acts that have happened: decrees, SPK, registrations,      |
|               |             |                    | letters, evidence, payments, notifications, accidents      |
| `PlannedDate` | 1990-01-01  | today + 2 years    | acts that may be scheduled: membership start, termination, |
|               |             |                    | budget amendment effective dates, deadlines                |
| `AsOfDate`    | 1990-01-01  | today + 2 years    | decision / as-of dates (bodies and queries)                |
| `BirthDate`   | 1900-01-01  | today              | a person's birth date                                      |
| `PastMoment`  | 1990-01-01  | today + 1 day      | a date-time that has happened (RFC 3339 string only)       |
1990-01-01 is before every act Lindung applies (UU 3/1992 Jamsostek onwards; the regencies'
regulations date from 2019-2025); the day of slack on past acts covers Indonesian time zones
(UTC+7..+9) ahead of a server on UTC. Order between dates of one request (registration on or
after the SPK) is checked where both are known (the service)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

ERA_START = dt.date(1990, 1, 1)
BIRTH_START = dt.date(1900, 1, 1)
PAST_SLACK = dt.timedelta(days=1)
PLANNING_HORIZON = dt.timedelta(days=730)
MAX_BIGINT = 2**63 - 1  # row numbers, offsets and cursors compared with PostgreSQL bigint columns


def _bounded(low: dt.date, high, what: str):
    def check(value: dt.date) -> dt.date:
        top = high()
        if not low <= value <= top:
            raise ValueError(f"tanggal harus antara {low} dan {top} ({what}) / "
                             f"date must be between {low} and {top} ({what})")
        return value
    return AfterValidator(check)


PastDate = Annotated[dt.date, _bounded(ERA_START, lambda: dt.date.today() + PAST_SLACK,
                                       "sudah terjadi / must already have happened")]
PlannedDate = Annotated[dt.date, _bounded(ERA_START, lambda: dt.date.today() + PLANNING_HORIZON,
                                          "paling lama dua tahun ke depan / at most two years ahead")]
AsOfDate = Annotated[dt.date, _bounded(ERA_START, lambda: dt.date.today() + PLANNING_HORIZON,
                                       "tanggal keputusan / decision date")]
BirthDate = Annotated[dt.date, _bounded(BIRTH_START, dt.date.today, "tanggal lahir / birth date")]


def _written(value):
    """An RFC 3339 string (or a datetime from code), never a number read as seconds since 1970."""
    if isinstance(value, (int, float)):
        raise ValueError("tulis sebagai tanggal-waktu RFC 3339 / write as an RFC 3339 date-time")
    return value


def _bounded_moment(what: str):
    day = _bounded(ERA_START, lambda: dt.date.today() + PAST_SLACK, what).func

    def check(value: dt.datetime) -> dt.datetime:
        day(value.date())
        return value
    return AfterValidator(check)


# a moment that has happened (a breach discovered, a notification sent), written as an RFC 3339 string:
# a number is not read as seconds since 1970
PastMoment = Annotated[dt.datetime, BeforeValidator(_written),
                       _bounded_moment("sudah terjadi / must already have happened")]
