"""The base of every typed event contract: a payload knows its type, version, producer and the
field that keys it, so one aggregate's events stay in order on one partition."""
from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

Program = Literal["JKK", "JKM", "JHT", "JP", "JKP"]
DEAD_LETTER_TOPIC = "lindung.dead-letter"


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_type: ClassVar[str]
    event_version: ClassVar[int] = 1
    producer: ClassVar[str]
    key_field: ClassVar[str]
    description: ClassVar[str] = ""


class TwoPersons(BaseModel):
    """On events of acts under two-person control (docs/API.md §14): the maker's and the approver's
    person ids, set only when the act was executed by an approval (shared.approvals)."""

    proposed_by: str | None = None
    approved_by: str | None = None


def topic_for(producer: str) -> str:
    return f"lindung.{producer}"
