"""Opaque list cursors (CONTRACT §13) over (created_at, id)."""
from __future__ import annotations

import base64
import datetime as dt
import json
import uuid

from shared.problems import InvalidInput


def encode(created_at: dt.datetime, row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(json.dumps([created_at.isoformat(), str(row_id)]).encode()).decode()


def decode(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        created_at, row_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return dt.datetime.fromisoformat(created_at), uuid.UUID(row_id)
    except (ValueError, TypeError):
        raise InvalidInput.fields([("cursor", "not a cursor this list gave out")]) from None
