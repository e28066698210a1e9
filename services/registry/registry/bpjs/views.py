"""BPJS Ketenagakerjaan data exchange: the inbound membership sync (signed) and the outbound
aid-recipient list of a decree."""
import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from registry.bpjs import sync
from registry.bpjs.schemas import RecipientList, SyncBatchErrors, SyncBatchView
from registry.recipients import service as recipients
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import MAX_BIGINT
from shared.openapi import binary
from shared.ratelimit import expensive

router = APIRouter(tags=["bpjs"])
SYNC_PATH = "/bpjs/membership-sync"
BatchId = Path(pattern=r"^[A-Za-z0-9._-]{1,100}$")


@router.post(SYNC_PATH + "/{batch_id}", status_code=202, dependencies=[Depends(expensive)],
             response_model=SyncBatchView, responses={200: {"model": SyncBatchView, "description": (
                 "Batch ini sudah selesai diproses / The batch was already received and is finished")}})
async def receive_sync(request: Request, batch_id: str = BatchId, client: Client = Depends(require("bpjs:exchange"))):
    """Body: CSV (header row), JSON array or NDJSON rows of nik, kpj_number, programs, status,
    start_date, end_date; signed (X-BPJS-Key-Id, -Timestamp, -Nonce, -Signature). Size cap
    LINDUNG_REGISTRY_BULK_MAX_BYTES (default 512 MiB, 413 beyond); rate limited (429 + Retry-After).
    Rows naming a person of a regency this client may not act for are row errors."""
    runtime = runtime_of(request)
    status, body = await sync.receive_batch(runtime, client, batch_id, request)
    return JSONResponse(jsonable_encoder(body), status_code=status)


@router.get(SYNC_PATH + "/{batch_id}", response_model=SyncBatchView, response_model_exclude_unset=True)
async def sync_status(request: Request, batch_id: str = BatchId, client: Client = Depends(require("bpjs:exchange"))):
    """The batch's progress; only for the client that sent it (or one for all its regencies)."""
    return jsonable_encoder(await sync.batch_status(runtime_of(request).sessions, client, batch_id))


@router.get(SYNC_PATH + "/{batch_id}/errors", response_model=SyncBatchErrors, response_model_exclude_unset=True)
async def sync_errors(request: Request, batch_id: str = BatchId, after: int = Query(default=0, ge=0, le=MAX_BIGINT),
                      limit: int = Query(default=1000, ge=1, le=10000),
                      client: Client = Depends(require("bpjs:exchange"))):
    return await sync.batch_errors(runtime_of(request).sessions, client, batch_id, after=after, limit=limit)


@router.get("/bpjs/decrees/{decree_id}/recipients", response_model=RecipientList, response_model_exclude_unset=True,
            responses=binary("text/csv; charset=utf-8"))
async def recipient_list(decree_id: uuid.UUID, request: Request, format: Literal["json", "csv"] = "json",
                         client: Client = Depends(require("bpjs:exchange"))):
    """The decree's aid recipients with the identification fields BPJS registers them by
    (personal data: each export is audited per person)."""
    result = await recipients.recipient_list(runtime_of(request).sessions, runtime_of(request).extras["vault"],
                                             client, decree_id, request_id=request.headers.get("x-request-id"))
    if format == "csv":
        name = f"penerima-bantuan-iuran-{result.decree.decree_id}.csv"
        return Response(recipients.as_csv(result), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "X-Recipient-List-Complete": str(result.complete).lower()})
    return recipients.as_json(result)
