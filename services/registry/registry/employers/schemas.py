from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate

BPJS_NUMBER = r"^[A-Za-z0-9./-]{1,30}$"


class EmployerIn(BaseModel):
    """docs/API.md §7 employer body (+ the BPJS registration number and worker count when known)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    name: str = Field(min_length=1, max_length=300)
    # checked by the domain with its own messages (registry/domain/employers.py); the schema states them too
    nib: str = Field(max_length=32, json_schema_extra={"pattern": r"^[ .\-]*(\d[ .\-]*){13}$"})
    npwp: str | None = Field(default=None, max_length=32)
    kind: str = Field(max_length=32, json_schema_extra={"enum": ["state", "non_state"]})
    business_scale: str = Field(max_length=32, json_schema_extra={"enum": ["micro", "small", "medium", "large"]})
    sector: str = Field(max_length=64)
    address: str = Field(min_length=1, max_length=500)
    bpjs_registration_number: str | None = Field(default=None, pattern=BPJS_NUMBER)
    workers: int | None = Field(default=None, strict=True, ge=0, le=10_000_000)


class OssNotificationIn(EmployerIn):
    """A business-identity (NIB) notification from OSS/PTSP: the employer as licensed, its BPJS
    Ketenagakerjaan registration number (when it has one) and its worker count."""

    workers: int = Field(strict=True, ge=0, le=10_000_000)
    notified_on: PastDate | None = None
    reference: str | None = Field(default=None, max_length=200)


# ---- answers (extra="allow": an answer may carry more than described, never less) ----

class EmployerCreated(BaseModel):
    """Pemberi kerja terdaftar / The employer registered (docs/API.md §7)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11", "regency_code": "6207", "nib": "9120001234567",
        "compliance_gap": False}]})
    id: str
    regency_code: str
    nib: str
    compliance_gap: bool | None = None


class EmployerView(BaseModel):
    """Pemberi kerja / An employer; NPWP masked unless the client holds pii:read."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11", "regency_code": "6207", "name": "CV Maju Bersama",
        "nib": "9120001234567", "npwp": "01*********1000", "kind": "non_state", "business_scale": "small",
        "sector": "general", "address": "Jl. Trans Kalimantan No. 12, Nanga Bulik",
        "bpjs_registration_number": None, "workers": 12, "compliance_gap_since": None, "source": "registry",
        "created_at": "2026-01-15T08:00:00Z", "registered_workers": 3}]})
    id: str
    regency_code: str
    name: str
    nib: str
    npwp: str | None = None
    kind: str
    business_scale: str
    sector: str
    address: str | None = None
    bpjs_registration_number: str | None = None
    workers: int | None = None
    compliance_gap_since: dt.date | None = None
    source: str | None = None
    created_at: dt.datetime | None = None
    registered_workers: int = 0


class OssNotificationAnswer(BaseModel):
    """Diterima / Taken: 201 when the NIB is new to the regency, 200 when it updated the employer."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "employer_id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11", "created": True, "compliance_gap": True}]})
    employer_id: str
    created: bool
    compliance_gap: bool
