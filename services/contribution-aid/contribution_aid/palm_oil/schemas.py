from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate

Money = Annotated[int, Field(strict=True, ge=0, le=10**15)]


class RkpIn(BaseModel):
    """Pasal 26(4): the proposal from verified candidates (approved palm-oil evaluations) in
    `ranking` order when given, else earliest approval first."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    fiscal_year: int = Field(strict=True, ge=2000, le=2100)
    ceiling: Money  # the DBH Sawit pagu for the programme
    duration_months: int = Field(strict=True, ge=1, le=12)
    ranking: list[uuid.UUID] | None = Field(default=None, max_length=1_000_000)


class AdjustmentIn(BaseModel):
    """Pasal 26(6): recipients who died are removed (from the participant view); with
    `realised_ceiling` below the plan, the lowest ranked are cut until it fits."""

    model_config = ConfigDict(extra="forbid")

    realised_ceiling: Money | None = None


class ShortfallIn(BaseModel):
    """Pasal 25(3): DBH Sawit revenue fell; the uncovered part is paid from APBD by a recorded decision."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    realised_ceiling: Money
    decision_reference: str = Field(default="", max_length=200)
    decided_on: PastDate
    apbd_budget_id: uuid.UUID | None = None
