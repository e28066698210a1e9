"""Licence clearance for OSS/PTSP (docs/API.md §9): one indexed query on the read model and the
regency's profile from memory, so OSS can call it inside its own licensing flow."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from sanctions.clearance.reader import ClearanceReader
from sanctions.clock import today
from sanctions.domain import ActiveSanction, SanctionsProfile, clearance

# The employer (if the service has heard of it in this regency) and its sanctions in force: one
# row per sanction, or one row of NULLs. Both lookups are index scans.
BY_EMPLOYER = """
    SELECT k.employer_id IS NOT NULL, q.id, s.data
    FROM (VALUES (CAST(%(employer_id)s AS uuid))) AS q (id)
    LEFT JOIN known_employers k ON k.employer_id = q.id AND k.regency_code = %(regency_code)s
    LEFT JOIN active_sanctions s ON s.employer_id = q.id AND s.regency_code = %(regency_code)s
"""
BY_NIB = """
    SELECT k.employer_id IS NOT NULL, k.employer_id, s.data
    FROM (VALUES (CAST(%(nib)s AS text))) AS q (nib)
    LEFT JOIN known_employers k ON k.nib = q.nib AND k.regency_code = %(regency_code)s
    LEFT JOIN active_sanctions s ON s.employer_id = k.employer_id AND s.regency_code = %(regency_code)s
"""
NO_RECORD = ("Pemberi Kerja tidak tercatat di register sanksi Kabupaten ini (belum pernah dilaporkan atau "
             "didaftarkan); tidak ada sanksi yang menghalangi")


@dataclass(frozen=True)
class Lookup:
    known: bool
    employer_id: uuid.UUID | None
    nib: str | None
    sanctions: tuple[ActiveSanction, ...]


async def lookup(reader: ClearanceReader, regency_code: str, *, employer_id: uuid.UUID | None = None,
                 nib: str | None = None) -> Lookup:
    """The employer by id, or by NIB when no id is given, and its sanctions in force."""
    if employer_id is not None:
        rows = await reader.fetch(BY_EMPLOYER, {"employer_id": employer_id, "regency_code": regency_code})
    else:
        rows = await reader.fetch(BY_NIB, {"nib": nib, "regency_code": regency_code})
    sanctions = tuple(ActiveSanction.from_dict(data) for _, _, data in rows if data)
    known = any(known for known, _, _ in rows) or bool(sanctions)
    found = next((found for _, found, _ in rows if found), employer_id)
    return Lookup(known, found, nib, sanctions)


def answer(profile: SanctionsProfile, service: str, found: Lookup, permit_year: int | None = None) -> dict:
    """docs/API.md §9 shape: allowed, reasons, active_sanctions, executing_agency (+ who, what, when)."""
    on = today()
    body = clearance(found.sanctions, service, profile, on, permit_year=permit_year).to_dict()
    if not found.known:
        body["reasons"].insert(0, NO_RECORD)
    body.update(regency_code=profile.regency_code, service=service, known_employer=found.known,
                employer_id=str(found.employer_id) if found.employer_id else None, nib=found.nib,
                checked_on=on.isoformat())
    return body
