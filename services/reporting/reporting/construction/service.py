"""Construction projects registered on time vs late, from the project read model."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.construction.domain import OVERDUE, days_overdue, status_on
from reporting.reports import Construction, OverdueProject

PROJECTS = text("""
    SELECT p.project_id, p.spk_date, p.registration_deadline, p.bpjs_registered_on, e.nib, p.employer_id, e.name
    FROM rm_construction_projects p LEFT JOIN rm_employers e USING (employer_id)
    WHERE p.regency_code = :r AND p.spk_date BETWEEN :since AND :until
""")


async def construction(session: AsyncSession, regency_code: str, since: dt.date, until: dt.date) -> Construction:
    """Projects whose SPK falls between `since` and `until`, with their status on `until`.
    A project is named by its id (its events carry no name), the business by its name where
    EmployerRegistered v2 gave one, else its NIB (business id), never by a person."""
    rows = (await session.execute(PROJECTS, {"r": regency_code, "since": since, "until": until})).all()
    counts, overdue = Counter(), []
    for project_id, spk, deadline, registered_on, nib, employer_id, name in rows:
        status = status_on(deadline, registered_on, until)
        counts[status] += 1
        if status == OVERDUE:
            overdue.append(
                OverdueProject(
                    project_name=f"Proyek {str(project_id)[:8]}",
                    employer_name=employer_label(name, nib, employer_id),
                    spk_date=spk,
                    registration_deadline=deadline,
                    days_overdue=days_overdue(deadline, until),
                )
            )
    overdue.sort(key=lambda p: (-p.days_overdue, p.project_name))
    return Construction(on_time=counts["on_time"], late=counts["late"], pending=counts["pending"],
                        overdue=tuple(overdue))


def employer_label(name: str | None, nib: str | None, employer_id) -> str:
    """How a report names a business: "PT Maju (NIB 912...)", else by NIB, else by id."""
    if name:
        return f"{name} (NIB {nib})" if nib else name
    return f"NIB {nib}" if nib else f"Pemberi kerja {str(employer_id)[:8]}"
