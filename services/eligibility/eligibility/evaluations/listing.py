"""`GET /v1/evaluations` and `GET /v1/batch-evaluations` (docs/API.md §13): the decisions and batch
jobs of a regency, cursor-paged newest last. An evaluation is named by its masked NIK (never the
full one: a list does not decrypt) and its participant id."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from eligibility.batch.models import BatchJob
from eligibility.evaluations.models import EvaluationRecord
from eligibility.rules.errors import UnknownRegency
from eligibility.rules.profiles import default_registry
from shared.app import runtime_of
from shared.auth import Client, require
from shared.paging import Page, Paging, keyset, only_params, page_of, paging
from shared.vocabularies import check_ids

router = APIRouter(tags=["lists"])
REGENCY = Query(pattern=r"^\d{4}$")


class EvaluationSummary(BaseModel):
    """Satu keputusan kelayakan / one eligibility decision."""

    id: uuid.UUID
    regency_code: str
    scheme: str
    as_of: dt.date
    outcome: str
    programs: list[str]
    failed_rules: list[Any]
    missing_facts: list[Any]
    nik_masked: str | None
    participant_id: uuid.UUID | None
    regulation_id: str
    requested_at: dt.datetime


class BatchSummary(BaseModel):
    """Satu evaluasi massal / one batch evaluation job."""

    id: uuid.UUID
    regency_code: str
    scheme: str
    as_of: dt.date
    status: str
    rows_total: int | None
    rows_done: int
    row_errors: int
    counts: dict[str, Any]
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _schemes(regency_code: str, scheme: str | None) -> None:
    if scheme is not None:
        try:
            schemes = default_registry().get(regency_code).schemes
        except UnknownRegency as unknown:
            raise unknown.to_problem() from None  # 404, like every other read of an unknown regency
        check_ids("scheme", scheme, schemes, vocabulary="schemes", regency_code=regency_code)


async def _page(request: Request, statement, order, key, render, page: Paging) -> dict:
    async with runtime_of(request).sessions() as session:
        rows = list((await session.execute(keyset(statement, order, page))).scalars())
        total = (await session.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()
    return page_of(rows, page, key, render, total)


@router.get("/evaluations", response_model=Page[EvaluationSummary], description=(
        "Keputusan kelayakan satu kabupaten / a regency's eligibility decisions (docs/API.md §13). Filters: "
        "`scheme` (vocabulary `schemes`), `outcome`, `participant_id`, `as_of_from`, `as_of_until`."))
async def list_evaluations(request: Request, regency_code: str = REGENCY,
                           scheme: str | None = Query(default=None, max_length=100),
                           outcome: Literal["eligible", "ineligible", "needs_information"] | None = None,
                           participant_id: uuid.UUID | None = None, as_of_from: dt.date | None = None,
                           as_of_until: dt.date | None = None, page: Paging = Depends(paging),
                           client: Client = Depends(require("eligibility:evaluate"))):
    """Daftar keputusan kelayakan / list evaluations."""
    only_params(request, ("regency_code", "scheme", "outcome", "participant_id", "as_of_from", "as_of_until"))
    client.require_regency(regency_code)
    _schemes(regency_code, scheme)
    e = EvaluationRecord
    conditions = [e.regency_code == regency_code, e.scheme == scheme if scheme else None,
                  e.outcome == outcome if outcome else None,
                  e.participant_id == participant_id if participant_id else None,
                  e.as_of >= as_of_from if as_of_from else None, e.as_of < as_of_until if as_of_until else None]
    statement = select(e).where(*[c for c in conditions if c is not None])
    return await _page(request, statement, (e.requested_at, e.id), lambda r: (r.requested_at, r.id), _evaluation,
                       page)


def _evaluation(r: EvaluationRecord) -> dict[str, Any]:
    return {"id": r.id, "regency_code": r.regency_code, "scheme": r.scheme, "as_of": r.as_of, "outcome": r.outcome,
            "programs": r.programs, "failed_rules": r.failed_rules, "missing_facts": r.missing_facts,
            "nik_masked": r.nik_masked, "participant_id": r.participant_id, "regulation_id": r.regulation_id,
            "requested_at": r.requested_at}


@router.get("/batch-evaluations", response_model=Page[BatchSummary], description=(
        "Evaluasi massal satu kabupaten / a regency's batch evaluations (docs/API.md §13). Filters: `scheme`, "
        "`status` (`queued`, `running`, `done`, `failed`)."))
async def list_batches(request: Request, regency_code: str = REGENCY,
                       scheme: str | None = Query(default=None, max_length=100),
                       status: Literal["queued", "running", "done", "failed"] | None = None,
                       page: Paging = Depends(paging), client: Client = Depends(require("eligibility:evaluate"))):
    """Daftar evaluasi massal / list batch evaluations."""
    only_params(request, ("regency_code", "scheme", "status"))
    client.require_regency(regency_code)
    _schemes(regency_code, scheme)
    b = BatchJob
    conditions = [b.regency_code == regency_code, b.scheme == scheme if scheme else None,
                  b.status == status if status else None]
    statement = select(b).where(*[c for c in conditions if c is not None])
    return await _page(request, statement, (b.created_at, b.id), lambda r: (r.created_at, r.id), _batch, page)


def _batch(r: BatchJob) -> dict[str, Any]:
    return {"id": r.id, "regency_code": r.regency_code, "scheme": r.scheme, "as_of": r.as_of, "status": r.status,
            "rows_total": r.rows_total, "rows_done": r.rows_done, "row_errors": r.row_errors, "counts": r.counts or {},
            "created_at": r.created_at, "finished_at": r.finished_at}
