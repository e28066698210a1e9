"""Invoice lines as they arrive: JSON objects or file records (header `participant_id,period,amount`
or `nik,period,amount`, period optional; read by shared/jobs in the worker), turned into
(participant id or NIK, month, rupiah). A file with any bad line is refused whole, never half
imported. NIK lines
are resolved to participant ids before anything is stored; a NIK the registry does not know
keeps only its mask."""
from __future__ import annotations

import re
import uuid
from typing import NamedTuple

from contribution_aid.domain.months import is_valid_month
from contribution_aid.invoices.schemas import InvoiceLineIn
from shared.identifiers import mask_nik

PERSON_COLUMNS = {"participant_id", "nik"}
NIK = re.compile(r"^\d{16}$")


class Line(NamedTuple):
    participant_id: uuid.UUID | None  # None: billed per NIK (until resolved) or a NIK nobody registered
    period: str
    amount: int
    nik: str | None = None  # as billed, in memory only until resolved; never stored or logged
    nik_masked: str | None = None  # a billed NIK the registry does not know


def from_json(lines: list[InvoiceLineIn], period: str) -> list[Line]:
    return [Line(line.participant_id, line.period or period, line.amount, line.nik) for line in lines]


def billed_niks(lines: list[Line]) -> list[str]:
    return sorted({line.nik for line in lines if line.nik is not None})


def resolved(lines: list[Line], directory: dict[str, uuid.UUID]) -> list[Line]:
    """Every NIK line named by its participant id, or by its masked NIK when nobody has it."""
    out = []
    for line in lines:
        if line.nik is None:
            out.append(line)
        elif line.nik in directory:
            out.append(Line(directory[line.nik], line.period, line.amount))
        else:
            out.append(Line(None, line.period, line.amount, nik_masked=mask_nik(line.nik)))
    return out


def _parse(row: dict, period: str) -> Line | str:
    nik, pid = (row.get("nik") or "").strip() or None, None
    if nik is not None:
        if not NIK.match(nik):
            return "nik must be 16 digits"
    else:
        try:
            pid = uuid.UUID((row.get("participant_id") or "").strip())
        except ValueError:
            return "participant_id is not a UUID (or give a nik)"
    month = (row.get("period") or "").strip() or period
    if not is_valid_month(month):
        return "period must be YYYY-MM"
    amount = (row.get("amount") or "").strip()
    if not (amount.isascii() and amount.isdigit() and len(amount) <= 12):
        return "amount must be whole rupiah"
    return Line(pid, month, int(amount), nik)
