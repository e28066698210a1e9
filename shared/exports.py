"""CSV exports of lists (docs/API.md §13) for staff: Indonesian headers, every cell through the
safe CSV writer (shared/csvsafe.py), UTF-8 with a byte-order mark so spreadsheets read the
accents. The caller audits an export of personal data before answering it."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from fastapi.responses import Response

from shared.csvsafe import writer

MAX_EXPORT_ROWS = 100_000  # a regency's whole list fits; beyond, filter (the answer says it was cut)
Column = tuple[str, Callable[[Any], Any]]


def csv_response(filename: str, columns: Sequence[Column], rows: Iterable[Any], *, truncated: bool = False) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    sheet = writer(out)
    sheet.writerow([header for header, _ in columns])
    for row in rows:
        sheet.writerow([_cell(get(row)) for _, get in columns])
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if truncated:
        headers["X-Export-Truncated"] = str(MAX_EXPORT_ROWS)
    return Response(out.getvalue().encode(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value
