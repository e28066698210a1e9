import uuid

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from registry.candidates import service
from registry.candidates.schemas import CandidateImportErrors, CandidateImportView
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import MAX_BIGINT
from shared.ratelimit import expensive

router = APIRouter(tags=["candidates"])


@router.post("/candidate-imports", status_code=202, dependencies=[Depends(expensive)],
             response_model=CandidateImportView)
async def start_import(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                       data_source: str = Query(min_length=1, max_length=32),
                       dry_run: bool = Query(default=False, description=(
                           "uji coba: check every row and list its errors, import nothing / check only")),
                       client: Client = Depends(require("registry:write"))):
    """Body: the extract (CSV with a header row, `,` `;` or tab; JSON array or NDJSON also read),
    streamed to disk and stored sealed; the worker imports it. Size cap LINDUNG_REGISTRY_BULK_MAX_BYTES
    (default 512 MiB, 413 beyond); rate limited (429 + Retry-After). `dry_run=true` checks every row
    (same counts and row errors) without touching the candidate pool."""
    client.require_regency(regency_code)
    runtime = runtime_of(request)
    job = await service.start_import(runtime, client, regency_code, data_source.lower(), request,
                                     dry_run=dry_run)
    return JSONResponse(jsonable_encoder(job), status_code=202)


@router.get("/candidate-imports/{import_id}", response_model=CandidateImportView, response_model_exclude_unset=True)
async def progress(import_id: uuid.UUID, request: Request, client: Client = Depends(require("registry:read"))):
    return jsonable_encoder(await service.import_status(runtime_of(request).sessions, client, import_id))


@router.get("/candidate-imports/{import_id}/errors", response_model=CandidateImportErrors,
            response_model_exclude_unset=True)
async def errors(import_id: uuid.UUID, request: Request, after: int = Query(default=0, ge=0, le=MAX_BIGINT),
                 limit: int = Query(default=1000, ge=1, le=10000),
                 client: Client = Depends(require("registry:read"))):
    return await service.import_errors(runtime_of(request).sessions, client, import_id, after=after, limit=limit)
