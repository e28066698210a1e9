"""docs/API.md §13 lists: opaque cursors and the refusal of filters a list does not know."""
from __future__ import annotations

import base64
import json

from fastapi import Request

from shared.problems import InvalidInput

PAGING = {"limit", "cursor"}


def encode_cursor(*keys) -> str:
    return base64.urlsafe_b64encode(json.dumps([str(k) for k in keys]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[str]:
    try:
        keys = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(keys, list) and len(keys) == arity and all(isinstance(k, str) for k in keys):
            return keys
    except ValueError:
        pass
    raise InvalidInput.fields([("cursor", "not a cursor this list gave out (bukan kursor dari daftar ini)")])


def refuse_unknown_filters(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed - PAGING)
    if unknown:
        raise InvalidInput.fields([(name, f"unknown filter; allowed: {', '.join(sorted(allowed | PAGING))}")
                                   for name in unknown])
