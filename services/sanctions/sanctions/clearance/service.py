"""Licence clearance for OSS/PTSP (docs/API.md §9): one indexed query on the read model and the
regency's profile from memory, so OSS can call it inside its own licensing flow."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from sanctions.clearance.reader import ClearanceReader
from sanctions.clock import today
from sanctions.domain import ActiveSanction, SanctionsProfile, clearance

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
    """The employer by id, or by NIB when no id is given, and its sanctions in force (one indexed
    statement, shared with the lookups that arrive at the same moment: clearance/reader.py)."""
    rows = await reader.lookup(regency_code, employer_id, nib)
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
