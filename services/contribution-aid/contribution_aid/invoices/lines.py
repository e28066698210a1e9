"""Invoice lines as they arrive: JSON objects or CSV rows (header `participant_id,period,amount`,
period optional), turned into (participant id, month, rupiah). A file with any bad line is
refused whole (422 naming the lines), never half imported."""
from __future__ import annotations

import csv
import io
import uuid
from typing import NamedTuple

from shared.problems import InvalidInput
from contribution_aid.domain.months import is_valid_month
from contribution_aid.invoices.schemas import InvoiceLineIn

MAX_REPORTED = 20
REQUIRED_COLUMNS = {"participant_id", "amount"}


class Line(NamedTuple):
    participant_id: uuid.UUID
    period: str
    amount: int


def from_json(lines: list[InvoiceLineIn], period: str) -> list[Line]:
    return [Line(line.participant_id, line.period or period, line.amount) for line in lines]


def from_csv(raw: bytes, period: str) -> list[Line]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput.fields([("body", "CSV must be UTF-8")]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
    if missing:
        raise InvalidInput.fields([("body", f"CSV header lacks {', '.join(sorted(missing))}")])
    lines, errors = [], []
    for number, row in enumerate(reader, start=2):  # line 1 is the header
        parsed = _parse(row, period)
        if isinstance(parsed, str):
            errors.append((f"line {number}", parsed))
            if len(errors) >= MAX_REPORTED:
                break
        else:
            lines.append(parsed)
    if errors:
        raise InvalidInput.fields(errors, detail="Invoice file has invalid lines; nothing was imported")
    if not lines:
        raise InvalidInput.fields([("body", "invoice has no lines")])
    return lines


def _parse(row: dict, period: str) -> Line | str:
    try:
        pid = uuid.UUID((row.get("participant_id") or "").strip())
    except ValueError:
        return "participant_id is not a UUID"
    month = (row.get("period") or "").strip() or period
    if not is_valid_month(month):
        return "period must be YYYY-MM"
    amount = (row.get("amount") or "").strip()
    if not (amount.isascii() and amount.isdigit() and len(amount) <= 12):
        return "amount must be whole rupiah"
    return Line(pid, month, int(amount))
