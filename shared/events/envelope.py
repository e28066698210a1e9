"""The event envelope of docs/API.md §11 and the correlation context carried from HTTP into events."""
from __future__ import annotations

import contextvars
import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

correlation_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


def current_correlation_id() -> str:
    return correlation_id_var.get() or str(uuid.uuid4())


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    event_version: int = 1
    occurred_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    producer: str
    regency_code: str = Field(pattern=r"^\d{4}$")
    correlation_id: str = Field(default_factory=current_correlation_id)
    payload: dict[str, Any]

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
