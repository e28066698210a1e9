"""`GET /v1/candidate-imports` and `GET /v1/candidate-imports/{id}/rows` (docs/API.md §13): the
candidate lists imported for a regency and the candidates each brought, cursor-paged. Candidates
show the masked NIK and birth year; the name only for `pii:read` (audited per person)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from registry.audit import record_access
from registry.candidates.models import Candidate, CandidateImport
from registry.profiles import require_registry
from shared.app import runtime_of
from shared.auth import Client, require
from shared.paging import Page, Paging, keyset, only_params, page_of, paging
from shared.problems import NotFound
from shared.vocabularies import check_ids

router = APIRouter(tags=["lists"])


class ImportSummary(BaseModel):
    """Satu impor daftar calon / one candidate-list import."""

    id: uuid.UUID
    regency_code: str
    data_source: str
    status: str
    rows_total: int | None
    rows_done: int
    rows_accepted: int
    rows_merged: int
    rows_rejected: int
    dry_run: bool
    created_on: dt.date
    finished_at: dt.datetime | None


class CandidateRow(BaseModel):
    """Satu calon dari impor (NIK tersamar) / one imported candidate (masked NIK)."""

    id: uuid.UUID
    row_number: int
    nik: str
    nik_masked: bool
    full_name: str | None
    birth_year: int
    sex: str
    data_source: str
    village_code: str | None
    disability: bool | None
    dependants: int | None
    poverty_rank: int | None


@router.get("/candidate-imports", response_model=Page[ImportSummary], description=(
        "Impor daftar calon satu kabupaten / a regency's candidate-list imports (docs/API.md §13). Filters: "
        "`data_source` (vocabulary `data_sources`), `status`, `dry_run` (checks only: true)."))
async def list_imports(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                       data_source: str | None = Query(default=None, max_length=16),
                       status: str | None = Query(default=None, max_length=16),
                       dry_run: bool | None = None, page: Paging = Depends(paging),
                       client: Client = Depends(require("registry:read"))):
    """Daftar impor calon / list candidate imports."""
    only_params(request, ("regency_code", "data_source", "status", "dry_run"))
    client.require_regency(regency_code)
    check_ids("data_source", data_source, [s.id for s in require_registry(regency_code).data_sources],
              vocabulary="data_sources", regency_code=regency_code)
    c = CandidateImport
    conditions = [c.regency_code == regency_code, c.data_source == data_source if data_source else None,
                  c.status == status if status else None, c.dry_run == dry_run if dry_run is not None else None]
    statement = select(c).where(*[x for x in conditions if x is not None])
    async with runtime_of(request).sessions() as session:
        rows = list((await session.execute(keyset(statement, (c.created_at, c.id), page))).scalars())
        total = (await session.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()
    return page_of(rows, page, lambda r: (r.created_at, r.id), _import, total)


def _import(r: CandidateImport) -> dict[str, Any]:
    return {"id": r.id, "regency_code": r.regency_code, "data_source": r.data_source, "status": r.status,
            "rows_total": r.rows_total, "rows_done": r.rows_done, "rows_accepted": r.rows_accepted,
            "rows_merged": r.rows_merged, "rows_rejected": r.rows_rejected, "dry_run": r.dry_run,
            "created_on": r.created_on, "finished_at": r.finished_at}


@router.get("/candidate-imports/{import_id}/rows", response_model=Page[CandidateRow], description=(
        "Calon yang dibawa satu impor / the candidates one import brought (docs/API.md §13), in row order. "
        "Masked NIK and birth year; the name only with `pii:read` (audited). Filters `sex`, `village_code`, "
        "`nik` (exact, found through the blind index: the staff member who holds the NIK finds its row)."))
async def list_rows(import_id: uuid.UUID, request: Request, sex: Literal["M", "F"] | None = None,
                    village_code: str | None = Query(default=None, pattern=r"^\d{10}$"),
                    nik: str | None = Query(default=None, pattern=r"^\d{16}$"),
                    page: Paging = Depends(paging), client: Client = Depends(require("registry:read"))):
    """Daftar calon suatu impor / list an import's candidates."""
    only_params(request, ("sex", "village_code", "nik"))
    with_name = client.has("pii:read")
    async with runtime_of(request).sessions() as session, session.begin():
        found = await session.get(CandidateImport, import_id)
        if found is None or not client.may_act_for(found.regency_code):
            raise NotFound(f"Candidate import {import_id} not found")
        statement = select(Candidate).where(Candidate.import_id == import_id)
        if sex:
            statement = statement.where(Candidate.sex == sex)
        if village_code:
            statement = statement.where(Candidate.village_code == village_code)
        if nik:
            statement = statement.where(Candidate.nik_index == runtime_of(request).extras["vault"].nik_index(nik))
        rows = list((await session.execute(keyset(statement, (Candidate.row_number, Candidate.id), page))).scalars())
        if with_name:
            await record_access(session, client, [r.id for r in rows[:page.limit]], purpose="candidate_list",
                                fields=["full_name"], request_id=request.headers.get("x-request-id"))
    return page_of(rows, page, lambda r: (r.row_number, r.id), lambda r: _candidate(r, with_name))


def _candidate(r: Candidate, with_name: bool) -> dict[str, Any]:
    return {"id": r.id, "row_number": r.row_number, "nik": r.nik_masked, "nik_masked": True,
            "full_name": r.full_name if with_name else None, "birth_year": r.birth_date.year, "sex": r.sex,
            "data_source": r.data_source, "village_code": r.village_code, "disability": r.disability,
            "dependants": r.dependants, "poverty_rank": r.poverty_rank}
