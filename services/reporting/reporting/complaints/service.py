"""Complaint counts of a report window: by category, channel and stage, and how many were closed
on time, closed late, or are still open past their stage's due date."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.reports import ComplaintRow

ROWS = text("""SELECT category, coalesce(channel, 'unknown'), stage, escalated, due_date, on_time
    FROM rm_complaints WHERE regency_code = :r AND received_on BETWEEN :since AND :until""")


def timeliness(stage: str, escalated: bool, due_date: dt.date | None, on_time: bool | None, on: dt.date) -> str:
    """closed_on_time / closed_late / open_overdue / open_in_time (an escalation makes it late)."""
    if stage == "closed":
        return "closed_on_time" if on_time and not escalated else "closed_late"
    late = escalated or (due_date is not None and on > due_date)
    return "open_overdue" if late else "open_in_time"


async def complaint_rows(session: AsyncSession, regency_code: str, since: dt.date,
                         until: dt.date) -> list[ComplaintRow]:
    rows = (await session.execute(ROWS, {"r": regency_code, "since": since, "until": until})).all()
    counts: dict[tuple[str, str, str], Counter] = {}
    for category, channel, stage, escalated, due_date, on_time in rows:
        counts.setdefault((category, channel, stage), Counter())[
            timeliness(stage, escalated, due_date, on_time, until)] += 1
    return [ComplaintRow(category=k[0], channel=k[1], stage=k[2], received=sum(c.values()),
                         closed_on_time=c["closed_on_time"], closed_late=c["closed_late"],
                         open_overdue=c["open_overdue"], open_in_time=c["open_in_time"])
            for k, c in sorted(counts.items())]
