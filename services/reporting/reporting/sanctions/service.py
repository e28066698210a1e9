"""Sanction figures per violation for a period, from the case read model."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.construction.service import employer_label
from reporting.reports import SanctionRow
from reporting.reports import labels as report_labels
from reporting.reports.data import SupervisionRow

FIGURES = text("""
    SELECT violation,
           count(*) FILTER (WHERE opened_on <= :until AND (least(closed_on, lifted_on) IS NULL
                                                           OR least(closed_on, lifted_on) > :until)),
           count(*) FILTER (WHERE imposed_on BETWEEN :since AND :until),
           count(*) FILTER (WHERE lifted_on BETWEEN :since AND :until)
    FROM rm_sanction_cases WHERE regency_code = :r GROUP BY 1 ORDER BY 1
""")


async def sanction_rows(session: AsyncSession, regency_code: str, since: dt.date, until: dt.date,
                        labels: dict[str, str]) -> list[SanctionRow]:
    """Cases open on `until`; sanctions imposed and lifted between `since` and `until`."""
    rows = (await session.execute(FIGURES, {"r": regency_code, "since": since, "until": until})).all()
    return [SanctionRow(violation, open_, imposed, lifted, labels.get(violation))
            for violation, open_, imposed, lifted in rows if open_ or imposed or lifted]


SUPERVISED = text("""
    SELECT e.name, e.nib, c.employer_id, c.subject_id, c.violation, c.source, c.opened_on, c.state, c.imposed_on,
           c.lifted_on, c.closed_on
    FROM rm_sanction_cases c LEFT JOIN rm_employers e USING (employer_id)
    WHERE c.regency_code = :r AND c.opened_on IS NOT NULL AND c.opened_on <= :until
      AND (least(c.closed_on, c.lifted_on) IS NULL OR least(c.closed_on, c.lifted_on) >= :since)
    ORDER BY c.opened_on, c.case_id
""")
CLOSING = ("lifted", "rejected", "resolved")


async def supervision_rows(session: AsyncSession, regency_code: str, since: dt.date, until: dt.date,
                           labels: dict[str, str]) -> list[SupervisionRow]:
    """Every employer with a case open at some time between `since` and `until`: the finding and
    where the case stood at `until` (the supervision report, TTS Pasal 26(1), Sambas Pasal 28)."""
    rows = (await session.execute(SUPERVISED, {"r": regency_code, "since": since, "until": until})).all()
    out = []
    for row in rows:
        state_then, on = follow_up(row.state, row.imposed_on, row.lifted_on, row.closed_on, until)
        out.append(SupervisionRow(
            employer=employer_label(row.name, row.nib, row.employer_id or row.subject_id),
            finding=labels.get(row.violation) or report_labels.code_label(row.violation),
            source=report_labels.source(row.source), opened_on=row.opened_on,
            follow_up=report_labels.case_state(state_then), follow_up_on=on))
    return out


def follow_up(state: str, imposed_on, lifted_on, closed_on, until: dt.date) -> tuple[str, dt.date | None]:
    """Pure: where a case stood on `until`, from the dates its events state. A state reached later
    than `until` without a date of its own reads as still under examination then."""
    if lifted_on and lifted_on <= until:
        return "lifted", lifted_on
    if closed_on and closed_on <= until:
        return (state if state in CLOSING[1:] else "resolved"), closed_on
    if imposed_on and imposed_on <= until:
        return "imposed", imposed_on
    return ("open" if state in ("imposed", *CLOSING) else state), None
