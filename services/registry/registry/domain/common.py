"""Small value types and parsers shared by the registry's pure rules."""
from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from shared.regulation import Citation

VILLAGE_CODE_DIGITS = 10  # Kemendagri: 2 province + 2 regency + 2 district + 4 village
_SEPARATORS = re.compile(r"[\s.\-]")


class FieldError(NamedTuple):
    """A field-level problem, rendered as docs/API.md §4 `{"field": ..., "message": ...}`.
    Messages never repeat the submitted value (it may be personal data)."""

    field: str
    message: str


class Notice(NamedTuple):
    """Information that does not block a decision (e.g. the NIK was issued elsewhere)."""

    field: str
    message: str


def cite(text: str | None, regulation: str) -> Citation | None:
    return Citation.parse(text, regulation=regulation) if text else None


def cite_all(texts: list[str] | None, regulation: str) -> tuple[Citation, ...]:
    return tuple(Citation.parse(t, regulation=regulation) for t in texts or ())


def parse_iso_date(value: object) -> dt.date | None:
    """A `datetime.date` from a date or an ISO `YYYY-MM-DD` string; None when it is neither."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def normalise_village_code(value: str) -> str | None:
    """The 10-digit Kemendagri village code (dots, dashes and spaces removed), or None."""
    if not isinstance(value, str):
        return None
    digits = _SEPARATORS.sub("", value)
    return digits if len(digits) == VILLAGE_CODE_DIGITS and digits.isdigit() else None


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A file cell as stripped text (JSON numbers included; other JSON types count as empty)."""
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip() if isinstance(value, (str, int)) else ""


class RowError(NamedTuple):
    """A problem in one row of an uploaded file; `others` holds the row's further problems and
    `fatal` says the rest of the file could not be read."""

    row_number: int
    field: str
    message: str
    others: tuple[tuple[str, str], ...] = ()
    fatal: bool = False
