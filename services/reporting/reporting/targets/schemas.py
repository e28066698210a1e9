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


class NationalTargetOut(BaseModel):
    """A national coverage target with its source (profiles/national/targets.yaml)."""

    model_config = ConfigDict(populate_by_name=True)
    id: str
    label: str
    kind: str = Field(description="national_plan (a national regulation's target) | institution_target "
                                  "(an institution's own, not a regulation)")
    measure: str
    value_percent: float
    target_year: int
    workers: int | None
    from_: dt.date = Field(alias="from", serialization_alias="from")
    until: dt.date | None
    basis: str = Field(description="reported: quoted by a secondary source | regulation: read in the text")
    citation: str | None
    source: str
    source_detail: str
    source_urls: list[str]
    note: str
    text: str = Field(description="as the reports print it, e.g. '52 % pada 2024 - dilaporkan Bisnis.com, ...'")


class NationalTargetsOut(BaseModel):
    """Target nasional / the national coverage targets in force on `as_of`."""

    as_of: dt.date
    targets: list[NationalTargetOut]
