"""OSS RBA shapes: receiveNIB's answer, inqueryNIB's request (docs/API.md §16)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ResponReceiveNib(BaseModel):
    status: Literal["1", "2"] = Field(description="1: TRUE (received), 2: FALSE (refused) — OSS's own codes")
    keterangan: str
    kode: int = Field(description="OSS Lampiran 9 response code (200, 400, 401, 403, ...)")
    employer_id: str | None = None
    compliance_gap: bool | None = None


class ReceiveNibAnswer(BaseModel):
    responreceiveNIB: ResponReceiveNib  # noqa: N815 (OSS's field name)


class InquiryIn(BaseModel):
    """Complete an employer the regency knows only by NIB or NPWP from OSS's inqueryNIB."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    regency_code: str = Field(pattern=r"^\d{4}$")
    nib: str | None = Field(default=None, pattern=r"^\d{13}$")
    npwp: str | None = Field(default=None, pattern=r"^[\d.\-]{15,20}$")


class InquiryOut(BaseModel):
    found: bool
    keterangan: str
    employer_id: str | None = None
    created: bool | None = None
    compliance_gap: bool | None = None
