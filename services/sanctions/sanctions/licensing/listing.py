"""`GET /v1/licence-checks` (docs/API.md §13): the licence applications OSS/PTSP had checked, with
the clearance decision recorded for each, cursor-paged in the order they were checked."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from sanctions.licensing.models import LicenceCheck
from sanctions.profiles import profile_for
from shared.app import runtime_of
from shared.auth import Client, require_any
from shared.paging import Page, Paging, keyset, only_params, page_of, paging
from shared.vocabularies import check_ids

router = APIRouter(tags=["lists"])
READERS = require_any("sanctions:read", "clearance:read")


class LicenceCheckSummary(BaseModel):
    """Satu pemeriksaan permohonan izin / one licence application check."""

    id: uuid.UUID
    regency_code: str
    employer_id: uuid.UUID | None
    nib: str | None
    service: str
    kind: str
    documents: list[str]
    allowed: bool
    case_id: uuid.UUID | None
    checked_on: dt.date


@router.get("/licence-checks", response_model=Page[LicenceCheckSummary], description=(
        "Pemeriksaan permohonan izin / licence application checks and their clearance decisions "
        "(docs/API.md §13). Filters: `service` (vocabulary `services`), `allowed`, `employer_id`, `nib`."))
async def list_checks(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                      service: str | None = Query(default=None, max_length=64), allowed: bool | None = None,
                      employer_id: uuid.UUID | None = None, nib: str | None = Query(default=None, max_length=20),
                      page: Paging = Depends(paging),
                      client: Client = Depends(READERS)):
    """Daftar pemeriksaan izin / list licence checks."""
    only_params(request, ("regency_code", "service", "allowed", "employer_id", "nib"))
    client.require_regency(regency_code)
    check_ids("service", service, {s.service for s in profile_for(regency_code).services}, vocabulary="services",
              regency_code=regency_code)
    c = LicenceCheck
    conditions = [c.regency_code == regency_code, c.service == service if service else None,
                  c.allowed == allowed if allowed is not None else None,
                  c.employer_id == employer_id if employer_id else None, c.nib == nib if nib else None]
    statement = select(c).where(*[x for x in conditions if x is not None])
    async with runtime_of(request).sessions() as session:
        rows = list((await session.execute(keyset(statement, (c.created_at, c.id), page))).scalars())
        total = (await session.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()
    return page_of(rows, page, lambda r: (r.created_at, r.id), _check, total)


def _check(r: LicenceCheck) -> dict[str, Any]:
    return {"id": r.id, "regency_code": r.regency_code, "employer_id": r.employer_id, "nib": r.nib,
            "service": r.service, "kind": r.kind, "documents": list(r.documents), "allowed": r.allowed,
            "case_id": r.case_id, "checked_on": r.checked_on}
