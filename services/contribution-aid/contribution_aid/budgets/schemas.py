from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import PlannedDate

FundingSource = Literal["apbd", "apbd_provinsi", "apbdes", "csr", "dbh_sawit", "donation", "transfer", "other"]
PayerKind = Literal["agency", "company", "village", "province", "other"]
Rupiah = Annotated[int, Field(strict=True, gt=0, le=10**15)]


class PayerIn(BaseModel):
    """Who pays and is invoiced: a PD (agency code), a company, a desa (village code), the province."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: PayerKind
    ref: str | None = Field(default=None, min_length=1, max_length=100)
    name: str | None = Field(default=None, min_length=1, max_length=200)


class BudgetIn(BaseModel):
    """docs/API.md §8, plus the optional payer."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    regency_code: str = Field(pattern=r"^\d{4}$")
    fiscal_year: int = Field(strict=True, ge=2000, le=2100)
    funding_source: FundingSource
    amount: Rupiah
    scheme: str | None = Field(default=None, min_length=1, max_length=100)
    payer: PayerIn | None = None


class AmendmentIn(BaseModel):
    """A change of the amount (APBD-P, a company's new pledge): recorded, never overwriting."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    delta: int = Field(strict=True, ge=-10**15, le=10**15)
    effective_date: PlannedDate
    reference: str = Field(min_length=1, max_length=200)
    reason: str = Field(default="", max_length=1000)
