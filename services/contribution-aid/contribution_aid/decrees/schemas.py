from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate


class DecreeIn(BaseModel):
    """A new recipient list for a scheme. Without `quota`, the quota is what the regency's
    budgets of the decree's year afford for `months` plus the people already funded; without
    `ranking` (eligibility's order when candidates exceed the quota), earlier approval ranks first."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    scheme: str = Field(min_length=1, max_length=100)
    number: str = Field(min_length=1, max_length=100)
    decree_date: PastDate
    quota: int | None = Field(default=None, strict=True, ge=0, le=10_000_000)
    months: int = Field(default=12, strict=True, ge=1, le=12)
    ranking: list[uuid.UUID] | None = Field(default=None, max_length=1_000_000)
