"""Building blocks of answer (response) models, so every route can declare what it answers without
changing a byte of it (docs/ARCHITECTURE.md, OpenAPI).

FastAPI validates a returned dict against the route's `response_model` and serializes the model, so an
answer model must accept exactly what the handler hands over and give back the same JSON:
- `Answer` allows extra fields: the contract lets answers carry more than a model names, never less;
- `Timestamp` keeps a timestamp as the handler wrote it (`datetime.isoformat()`, `+00:00`), where a
  plain `datetime` field would rewrite it with `Z`;
- `Number` keeps `5` an integer and `0.5` a float (a `float` field would turn `5` into `5.0`);
- routes returning a dict set `response_model_exclude_unset=True`: a key the handler leaves out stays out.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema


class Answer(BaseModel):
    """An answer: the fields named here, and possibly more (extra fields are fine: docs/API.md)."""

    model_config = ConfigDict(extra="allow")


def _as_written(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


Timestamp = Annotated[dt.datetime | str, PlainSerializer(_as_written),
                      WithJsonSchema({"type": "string", "format": "date-time"})]
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]


class RowError(Answer):
    """Satu kesalahan baris unggahan / one row error of an upload (the submitted value is never echoed)."""

    row_number: int
    field: str
    message: str
    others: list[Any] = []
    fatal: bool


class RowErrorPage(Answer):
    """Kesalahan baris, per halaman / a page of row errors: pass `next_after` as `after` for the next one
    (null on the last page)."""

    items: list[RowError]
    count: int
    next_after: int | None
