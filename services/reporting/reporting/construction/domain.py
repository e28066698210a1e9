"""Pure: a construction project's BPJS registration status on a given day (Perpres 109/2013
Pasal 6(4): register within 14 working days of the SPK; the deadline comes with the event)."""
from __future__ import annotations

import datetime as dt

ON_TIME, LATE, PENDING, OVERDUE = "on_time", "late", "pending", "overdue"


def status_on(deadline: dt.date, registered_on: dt.date | None, day: dt.date) -> str:
    """on_time / late once registered (by `day`); otherwise pending until the deadline
    passes, then overdue (the deadline day itself is still in time)."""
    if registered_on is not None and registered_on <= day:
        return ON_TIME if registered_on <= deadline else LATE
    return OVERDUE if day > deadline else PENDING


def days_overdue(deadline: dt.date, day: dt.date) -> int:
    return max(0, (day - deadline).days)
