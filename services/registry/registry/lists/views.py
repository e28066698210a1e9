"""`GET /v1/employers`, `/v1/participants` (without `nik`) and `/v1/construction-projects`
(docs/API.md §13): filters validated against the regency's vocabularies, cursor paging,
`format=csv` exports with Indonesian headers (a participant export is audited)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from registry.audit import record_access
from registry.lists import service
from registry.profiles import require_participants, require_registry
from shared.app import runtime_of
from shared.auth import Client, require
from shared.exports import MAX_EXPORT_ROWS, csv_response
from shared.paging import Page, Paging, only_params, paging
from shared.problems import Forbidden
from shared.vocabularies import check_ids

router = APIRouter(tags=["lists"])
Format = Literal["json", "csv"]
REGENCY = Query(pattern=r"^\d{4}$")


class EmployerSummary(BaseModel):
    """Satu pemberi kerja dalam daftar / one employer in a list."""

    id: uuid.UUID
    regency_code: str
    name: str
    nib: str
    npwp: str | None
    kind: str
    business_scale: str
    sector: str
    bpjs_registration_number: str | None
    workers: int | None
    compliance_gap_since: dt.date | None
    created_at: dt.datetime


class ProjectSummary(BaseModel):
    """Satu proyek konstruksi dalam daftar / one construction project in a list."""

    id: uuid.UUID
    regency_code: str
    employer_id: uuid.UUID
    name: str
    contract_value: int
    funding_source: str
    spk_date: dt.date
    registration_deadline: dt.date
    bpjs_registered_on: dt.date | None
    registration_status: str
    created_at: dt.datetime


CSV = {200: {"content": {"text/csv": {}}}}


@router.get("/employers", response_model=Page[EmployerSummary], responses=CSV, description=(
        "Daftar pemberi kerja / employers of a regency (docs/API.md §13). Filters: `nib`, `npwp` (exact), `name` "
        "(prefix, case-insensitive), `sector` (vocabulary `sectors`), `kind` (`employer_kinds`), `compliance` "
        "(`gap`: a licensing compliance gap is open, `compliant`). `format=csv` exports with Indonesian headers."))
async def list_employers(request: Request, regency_code: str = REGENCY,
                         nib: str | None = Query(default=None, max_length=32),
                         npwp: str | None = Query(default=None, max_length=32),
                         name: str | None = Query(default=None, min_length=1, max_length=300),
                         sector: str | None = Query(default=None, max_length=64),
                         kind: str | None = Query(default=None, max_length=32),
                         compliance: Literal["gap", "compliant"] | None = None, format: Format = "json",
                         page: Paging = Depends(paging), client: Client = Depends(require("registry:read"))):
    """Daftar pemberi kerja / list employers."""
    only_params(request, ("regency_code", "nib", "npwp", "name", "sector", "kind", "compliance", "format"))
    client.require_regency(regency_code)
    registry = require_registry(regency_code)
    check_ids("sector", sector, [s.id for s in registry.sectors], vocabulary="sectors", regency_code=regency_code)
    check_ids("kind", kind, ["state", "non_state"], vocabulary="employer_kinds", regency_code=regency_code)
    filters = {"regency_code": regency_code, "nib": nib, "npwp": npwp, "name": name, "sector": sector, "kind": kind,
               "compliance": compliance}
    sessions = runtime_of(request).sessions
    if format == "csv":
        listed = await service.list_employers(sessions, None, filters)
        return csv_response(f"pemberi-kerja-{regency_code}.csv", EMPLOYER_COLUMNS, listed.rows[:MAX_EXPORT_ROWS],
                            truncated=len(listed.rows) > MAX_EXPORT_ROWS)
    return (await service.list_employers(sessions, page, filters)).page


EMPLOYER_COLUMNS = [("Nama", lambda e: e.name), ("NIB", lambda e: e.nib), ("NPWP", lambda e: e.npwp or e.npwp_masked),
                    ("Jenis", lambda e: e.kind), ("Skala usaha", lambda e: e.business_scale),
                    ("Sektor", lambda e: e.sector), ("Nomor pendaftaran BPJS", lambda e: e.bpjs_registration_number),
                    ("Jumlah pekerja", lambda e: e.workers),
                    ("Kesenjangan kepatuhan sejak", lambda e: e.compliance_gap_since),
                    ("Didaftarkan", lambda e: e.created_at.date().isoformat())]


@router.get("/construction-projects", response_model=Page[ProjectSummary], description=(
        "Daftar proyek konstruksi / construction projects of a regency (docs/API.md §13). Filters: `status` "
        "(`pending`, `on_time`, `late`), `employer_id`, `deadline_before`, `deadline_after` (registration deadline)."))
async def list_projects(request: Request, regency_code: str = REGENCY,
                        status: Literal["pending", "on_time", "late"] | None = None,
                        employer_id: uuid.UUID | None = None, deadline_before: dt.date | None = None,
                        deadline_after: dt.date | None = None, page: Paging = Depends(paging),
                        client: Client = Depends(require("registry:read"))):
    """Daftar proyek konstruksi / list construction projects."""
    only_params(request, ("regency_code", "status", "employer_id", "deadline_before", "deadline_after"))
    client.require_regency(regency_code)
    require_registry(regency_code)
    return await service.list_projects(runtime_of(request).sessions, page, {
        "regency_code": regency_code, "status": status, "employer_id": employer_id,
        "deadline_before": deadline_before, "deadline_after": deadline_after, "today": dt.date.today()})


PARTICIPANT_FILTERS = ("regency_code", "village_code", "category", "status", "funding", "name", "worker_type",
                       "employer_id", "format", "purpose")


async def list_participants(request: Request, client: Client, regency_code: str, params: dict[str, Any],
                            page: Paging, format: Format, purpose: str) -> Any:
    """The participants list (called by `GET /v1/participants` when no `nik` is given)."""
    only_params(request, PARTICIPANT_FILTERS)
    client.require_regency(regency_code)
    participants, registry = require_participants(regency_code), require_registry(regency_code)
    check_ids("category", params["category"], [c.id for c in participants.categories], vocabulary="categories",
              regency_code=regency_code)
    check_ids("funding", params["funding"], [f.id for f in registry.funding], vocabulary="funding",
              regency_code=regency_code)
    if params["name"] and not client.has("pii:read"):
        raise Forbidden("Pencarian nama memerlukan pii:read / searching by name needs the pii:read scope")
    filters = {"regency_code": regency_code, **params, "today": dt.date.today()}
    runtime, request_id = runtime_of(request), request.headers.get("x-request-id")
    if format == "csv":
        return await _export_participants(runtime.sessions, client, filters, request_id)
    listed = await service.list_participants(runtime.sessions, client, page, filters, purpose=purpose,
                                             request_id=request_id)
    return listed.page


async def _export_participants(sessions, client: Client, filters: dict, request_id: str | None):
    listed = await service.list_participants(sessions, client, None, filters, purpose="export",
                                             request_id=request_id)
    with_name = client.has("pii:read")
    if not with_name:  # the masked export is still a disclosure of who is registered: audited too
        async with sessions() as session, session.begin():
            await record_access(session, client, [r.id for r in listed.rows], purpose="export",
                                fields=["nik_masked", "birth_year"], request_id=request_id)
    columns = [("NIK", lambda p: p.nik_masked), ("Nama lengkap", lambda p: p.full_name if with_name else ""),
               ("Tahun lahir", lambda p: p.birth_date.year), ("Jenis kelamin", lambda p: p.sex),
               ("Kode desa/kelurahan", lambda p: p.village_code), ("Jenis peserta", lambda p: p.worker_type),
               ("Kategori", lambda p: p.category), ("Pekerjaan", lambda p: p.occupation),
               ("Didaftarkan", lambda p: p.created_at.date().isoformat())]
    return csv_response(f"peserta-{filters['regency_code']}.csv", columns, listed.rows,
                        truncated=len(listed.rows) >= MAX_EXPORT_ROWS)

