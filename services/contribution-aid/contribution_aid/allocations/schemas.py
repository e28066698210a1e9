from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class AllocationIn(BaseModel):
    """docs/API.md §8 (budget_id, participant_id, months), plus optional start month, co-financing
    share (basis points, 10000 = the whole month) and scheme."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    budget_id: uuid.UUID
    participant_id: uuid.UUID
    months: int = Field(strict=True, ge=1, le=120)
    start_month: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    share_bp: int = Field(default=10000, strict=True, ge=1, le=10000)
    scheme: str | None = Field(default=None, min_length=1, max_length=100)
