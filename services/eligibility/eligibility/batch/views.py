import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from eligibility.batch import service
from eligibility.batch.reading import CSV, NDJSON
from eligibility.batch.schemas import BatchErrors, BatchJobView
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import MAX_BIGINT, AsOfDate
from shared.openapi import binary
from shared.problems import Problem
from shared.ratelimit import expensive

router = APIRouter(tags=["batch evaluations"])
evaluator = require("eligibility:evaluate")
MEDIA_TYPES = {"text/csv": CSV, "application/csv": CSV, "application/x-ndjson": NDJSON,
               "application/ndjson": NDJSON, "application/jsonl": NDJSON, "application/x-jsonlines": NDJSON}
DOWNLOAD_TYPES = {CSV: "text/csv; charset=utf-8", NDJSON: "application/x-ndjson"}


UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"},
                 "example": "ref,nik,has_ktp,domicile_regency_code\ndtks-1,6405011507850001,true,6405\n"},
    "application/x-ndjson": {"schema": {"type": "string"}}}}}


@router.post("/batch-evaluations", status_code=202, openapi_extra=UPLOAD_BODY, response_model=BatchJobView,
             dependencies=[Depends(expensive)])
async def submit(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                 scheme: str = Query(min_length=1, max_length=100), as_of: AsOfDate | None = Query(None),
                 format: Literal["csv", "ndjson"] | None = Query(None, description="default: from Content-Type"),
                 client: Client = Depends(evaluator)):
    """Upload a list of applicants (CSV with a header of docs/API.md §5 fact names, or NDJSON objects;
    an optional `ref` column is echoed in the results) as the raw request body. Answers 202 with the
    job; the worker evaluates it; poll GET /v1/batch-evaluations/{id}. Size cap
    LINDUNG_ELIGIBILITY_BATCH_MAX_BYTES (default 512 MiB, 413 beyond); rate limited (429 + Retry-After)."""
    fmt = format or _format_of(request.headers.get("content-type", ""))
    job = await service.submit(runtime_of(request), client, regency_code=regency_code, scheme=scheme, as_of=as_of,
                               fmt=fmt, body=request.stream())
    return JSONResponse(job, status_code=202, headers={"Location": job["links"]["self"]})


def _format_of(content_type: str) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media not in MEDIA_TYPES:
        raise Problem(f"Content-Type {media or '(none)'!r}: send text/csv or application/x-ndjson, or give ?format=",
                      status=415, slug="unsupported-media-type", title="Unsupported media type")
    return MEDIA_TYPES[media]


@router.get("/batch-evaluations/{job_id}", response_model=BatchJobView, response_model_exclude_unset=True)
async def status(job_id: uuid.UUID, request: Request, client: Client = Depends(evaluator)):
    """Progress: status queued | running | done | failed, rows_total, rows_done, counts by outcome, row_errors."""
    return await service.status(runtime_of(request), client, job_id)


@router.get("/batch-evaluations/{job_id}/results", response_class=StreamingResponse,
            responses={**binary(*DOWNLOAD_TYPES.values()),
                       409: {"description": "Belum selesai / Not done yet"}})
async def results(job_id: uuid.UUID, request: Request, format: Literal["csv", "ndjson"] = Query("ndjson"),
                  client: Client = Depends(evaluator)):
    """Per row: outcome, failed checks with their citations, missing facts, errors (409 until done)."""
    lines = await service.results(runtime_of(request), client, job_id, format)
    filename = f"eligibility-{job_id}.{'csv' if format == CSV else 'ndjson'}"
    return StreamingResponse(lines, media_type=DOWNLOAD_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/batch-evaluations/{job_id}/errors", response_model=BatchErrors, response_model_exclude_unset=True)
async def errors(job_id: uuid.UUID, request: Request, offset: int = Query(0, ge=0, le=MAX_BIGINT),
                 limit: int = Query(1000, ge=1, le=10_000), client: Client = Depends(evaluator)):
    """Rows that could not be evaluated, with their field errors, in row order."""
    return await service.row_errors(runtime_of(request), client, job_id, offset, limit)
