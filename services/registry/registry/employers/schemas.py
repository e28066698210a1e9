from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PastDate

BPJS_NUMBER = r"^[A-Za-z0-9./-]{1,30}$"


class EmployerIn(BaseModel):
    """docs/API.md §7 employer body (+ the BPJS registration number and worker count when known)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    name: str = Field(min_length=1, max_length=300)
    nib: str = Field(max_length=32)
    npwp: str | None = Field(default=None, max_length=32)
    kind: str = Field(max_length=32)
    business_scale: str = Field(max_length=32)
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
