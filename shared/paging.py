"""Lists (docs/API.md §13): ONE paging convention for every aggregate.

`GET /v1/<plural>?regency_code=&<filters>&limit=&cursor=` answers `{"items": [...], "next_cursor"}`.
Keyset paging: rows are ordered by a stable key (e.g. `(created_at, id)`), the cursor is the opaque
encoding of the last row's key, and the next page is `key > cursor` — no duplicates and no gaps
when rows are inserted between pages (a new row lands either before the cursor, already passed, or
after it, still to come). `limit` defaults to 50, at most 500. A query parameter the list does not
document is a 422, as is a value outside its vocabulary.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Select, tuple_

from shared.problems import InvalidInput

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
PAGING_PARAMS = frozenset({"limit", "cursor"})
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list / satu halaman daftar."""

    items: list[T]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    total: int | None = Field(default=None, description="number of matching items, where cheap to count")


class Paging(BaseModel):
    limit: int
    after: tuple | None


def paging(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT,
                              description="items per page / jumlah per halaman (max 500)"),
           cursor: str | None = Query(None, max_length=500,
                                      description="opaque `next_cursor` of the previous page")) -> Paging:
    """FastAPI dependency: the validated `limit` and decoded `cursor`."""
    return Paging(limit=limit, after=decode_cursor(cursor) if cursor else None)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    return value


def _restore(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (kind, text), = value.items()
        readers = {"t": dt.datetime.fromisoformat, "d": dt.date.fromisoformat, "u": uuid.UUID}
        if kind in readers and isinstance(text, str):
            return readers[kind](text)
    return value


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps([_jsonable(v) for v in key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list):
            raise ValueError("not a list")
        return tuple(_restore(v) for v in values)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput.fields([("cursor", "cursor tidak dikenal / not a cursor this list gave out")]) from exc


def only_params(request: Request, allowed: Iterable[str]) -> None:
    """422 naming every query parameter the list does not document (a typo must not widen a list)."""
    known = set(allowed) | PAGING_PARAMS
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        raise InvalidInput.fields([(name, f"filter tidak dikenal / unknown filter; allowed: {', '.join(sorted(known))}")
                                   for name in unknown])


def keyset(statement: Select, order: Sequence[Any], page: Paging) -> Select:
    """The statement ordered by `order` (a unique, stable key), after the cursor, one row more than
    the page (to know whether another page follows)."""
    if page.after is not None:
        if len(page.after) != len(order) or not all(map(_fits, order, page.after)):
            raise InvalidInput.fields([("cursor", "cursor tidak cocok / cursor does not fit this list")])
        statement = statement.where(tuple_(*order) > tuple_(*page.after))
    return statement.order_by(*order).limit(page.limit + 1)


def _fits(column: Any, value: Any) -> bool:
    """A forged cursor must be a 422, not a database type error."""
    try:
        expected = column.type.python_type
    except (AttributeError, NotImplementedError):
        return True
    return value is not None and isinstance(value, expected)


def page_of(rows: Sequence[T], page: Paging, key: Callable[[T], Sequence[Any]],
            render: Callable[[T], Any], total: int | None = None) -> dict[str, Any]:
    """`{"items", "next_cursor", "total"}` from the rows `keyset` fetched."""
    more = len(rows) > page.limit
    rows = rows[:page.limit]
    return {"items": [render(r) for r in rows],
            "next_cursor": encode_cursor(key(rows[-1])) if more and rows else None,
            "total": total}


def single_key(cursor: str, kind: type) -> Any:
    """The one-column key of a cursor from a list ordered by a single column (422 for a forged one)."""
    key = decode_cursor(cursor)
    if len(key) != 1 or not isinstance(key[0], kind) or isinstance(key[0], bool):
        raise InvalidInput.fields([("cursor", "cursor tidak cocok / cursor does not fit this list")])
    return key[0]
