"""The clearance answer for OSS/PTSP (docs/API.md §9): documented here, serialised by the view itself
(orjson, the hot path), so this model describes and never slows the answer."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ActiveSanctionView(BaseModel):
    model_config = ConfigDict(extra="allow")
    case_id: str
    regency_code: str
    employer_id: str | None = None
    violation: str
    decree_number: str | None = None
    imposed_on: str
    services: list[str]
    agencies: dict[str, str] = {}


class AgencyView(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str | None = None
    name: str | None = None


class Clearance(BaseModel):
    """Izin layanan / May the employer receive the service?"""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "allowed": False, "reasons": ["TMP2T dikenakan: Perbup Lamandau No. 25/2024 Pasal 30(1)"],
        "active_sanctions": [{"case_id": "0b6f9c1e-3f57-4a0e-9a55-2c1d2b7d9a10", "case_number": "SNK-6207-2026-0001",
                              "regency_code": "6207", "employer_id": "6b1d5c9e-0f5a-4c55-8a7e-0e2f6f3b2a11",
                              "violation": "employer_not_registered", "decree_number": "188.45/12/2026",
                              "imposed_on": "2026-02-02", "services": ["business_license"],
                              "agencies": {"business_license": "dpmptsp"}}],
        "executing_agency": {"id": "dpmptsp", "name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"},
        "citations": ["Perbup Lamandau No. 25/2024 Pasal 31(1) huruf a"]}]})
    allowed: bool
    reasons: list[str]
    active_sanctions: list[ActiveSanctionView]
    executing_agency: AgencyView | None = None
    citations: list[str] = []
