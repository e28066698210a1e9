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


class ProjectView(BaseModel):
    """Proyek konstruksi / A construction project: its BPJS registration deadline (14 working days after
    the SPK) and whether it was met (docs/API.md §7)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "9d3c2b1a-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "regency_code": "6207",
        "employer_id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11", "name": "Peningkatan Jalan Nanga Bulik",
        "contract_value": 2500000000, "funding_source": "apbd", "spk_date": "2026-01-05", "bpjs_registered_on": None,
        "registration_deadline": "2026-01-23", "registration_status": "pending", "overdue_since": None,
        "days_late": None, "citation": "Perbup Lamandau No. 25/2024 Pasal 10(3)", "before_work_starts": None}]})
    id: str
    regency_code: str
    employer_id: str
    name: str
    contract_value: int
    funding_source: str
    spk_date: str
    bpjs_registered_on: str | None = None
    registration_deadline: str
    registration_status: Literal["pending", "on_time", "late"]
    overdue_since: str | None = None
    days_late: int | None = None
    citation: str | None = None
