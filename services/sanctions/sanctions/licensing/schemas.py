from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sanctions.cases.schemas import Service
from shared.bounds import PastDate

DocumentId = Field(min_length=1, max_length=100)


class LicenceApplicationIn(BaseModel):
    """A new or renewal licence application as OSS/PTSP received it, with the ids of the documents
    attached (e.g. bpjs_membership_certificate, latest_contribution_payment_proof, protection_proof)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    regency_code: str = Field(pattern=r"^\d{4}$")
    employer_id: uuid.UUID | None = None
    nib: str | None = Field(default=None, min_length=1, max_length=20)
    service: Service
    kind: Literal["new", "renewal"]
    documents: list[str] = Field(default_factory=list, max_length=50)
    reference: str | None = Field(default=None, max_length=200, description="the application's number")
    date: PastDate | None = Field(default=None, description="application date; default today")

    @model_validator(mode="after")
    def _employer_named(self):
        if self.employer_id is None and self.nib is None:
            raise ValueError("employer_id or nib is required")
        return self
