from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PlannedDate


class MembershipIn(BaseModel):
    """docs/API.md §7: `{"programs": [...], "start_date", "funding": "self"|"employer"|"aid"}`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    programs: list[str] = Field(max_length=5)
    start_date: PlannedDate
    funding: str = Field(max_length=32)


class TerminationIn(BaseModel):
    """docs/API.md §7: `{"reason", "effective_date", "decree_number"}`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(max_length=64)
    effective_date: PlannedDate
    decree_number: str | None = Field(default=None, max_length=200)
