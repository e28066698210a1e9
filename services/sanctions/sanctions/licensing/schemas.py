from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sanctions.cases.schemas import Service
from sanctions.clearance.schemas import Clearance
from shared.bounds import PastDate

DocumentId = Field(min_length=1, max_length=100)


class LicenceApplicationIn(BaseModel):
    """A new or renewal licence application as OSS/PTSP received it, with the ids of the documents
    attached (e.g. bpjs_membership_certificate, latest_contribution_payment_proof, protection_proof)."""

    # the employer is named by id or NIB, at least one (the schema says so too: `anyOf`)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"anyOf": [
        {"required": ["employer_id"], "properties": {"employer_id": {"type": "string"}}},
        {"required": ["nib"], "properties": {"nib": {"type": "string"}}}]})
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


# ---- answers (extra fields allowed: the answer may carry more than is described here, never less) ----

class RequiredDocumentView(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    label: str
    accepted_documents: list[str]
    citation: str | None
    present: bool


class MissingDocument(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    label: str
    citation: str | None


class CaseRef(BaseModel):
    """A case the missing documents opened (`joined`: an open case of the same violation was joined)."""

    model_config = ConfigDict(extra="allow")
    id: str
    number: str | None
    violation: str
    joined: bool


class LicenceCheckOut(BaseModel):
    """Pemeriksaan permohonan izin / a licence application check: `allowed` only when every document the
    regency demands is attached and no sanction in force denies the service (`clearance`); `missing`
    names each absent document with its article; `cases` those opened or joined."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "regency_code": "6207",
        "employer_id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11", "nib": None, "service": "business_license",
        "kind": "new", "allowed": True, "complete": True, "required": [{
            "id": "bpjs_membership", "label": "Bukti kepesertaan BPJS Ketenagakerjaan",
            "accepted_documents": ["bpjs_membership_certificate"], "citation": "Perbup Lamandau No. 25/2024 Pasal 28",
            "present": True}],
        "missing": [], "reasons": [], "cases": [],
        "clearance": {"allowed": True, "reasons": [], "active_sanctions": [], "executing_agency": None,
                      "citations": []}}]})
    id: str
    regency_code: str
    employer_id: str | None
    nib: str | None
    service: str
    kind: Literal["new", "renewal"]
    allowed: bool
    complete: bool
    required: list[RequiredDocumentView]
    missing: list[MissingDocument]
    reasons: list[str]
    clearance: Clearance
    cases: list[CaseRef]
