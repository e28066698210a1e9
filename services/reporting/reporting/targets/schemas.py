from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class TargetIn(BaseModel):
    """The workforce estimate and UCJ target of a regency's year, with their source."""

    model_config = ConfigDict(extra="forbid")
    workforce_estimate: int = Field(strict=True, ge=1, le=100_000_000,
                                    description="working population estimate (e.g. BPS Sakernas)")
    target_ratio: float = Field(strict=True, ge=0, le=1, description="UCJ coverage target, 0..1 (0.75 = 75%)")
    source: str = Field(min_length=3, max_length=500, description="where the figures come from")


class TargetVersion(BaseModel):
    workforce_estimate: int
    target_ratio: float
    source: str
    recorded_by: str
    recorded_at: dt.datetime


class TargetOut(TargetVersion):
    regency_code: str
    year: int
    history: list[TargetVersion] = Field(description="earlier values, newest first (the audit trail)")
