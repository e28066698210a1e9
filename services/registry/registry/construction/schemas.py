from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate

FUNDING_SOURCES = ("apbn", "apbd", "private", "individual", "foreign_aid")  # docs/API.md §7


class ProjectIn(BaseModel):
    """docs/API.md §7 construction-project body."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    employer_id: uuid.UUID
    name: str = Field(min_length=1, max_length=300)
    contract_value: int = Field(strict=True, gt=0, lt=10**15)
    funding_source: Literal[FUNDING_SOURCES]
    spk_date: PastDate
    bpjs_registered_on: PastDate | None = None


class RegistrationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    registered_on: PastDate
