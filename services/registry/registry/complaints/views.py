"""docs/API.md §15: complaints, their named records, data-subject requests and the breach register
(the complaint vocabularies are in registry/vocabularies.py, §12)."""
from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from registry.complaints import access, contests, corrections, service
from registry.complaints.schemas import (
    AccessExport,
    AssignIn,
    BreachIn,
    BreachOut,
    CloseIn,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    ContestIn,
    ContestOut,
    CorrectionFiled,
    CorrectionIn,
    CorrectionOut,
    Created,
    DataSubjectRequestIn,
    DataSubjectRequestOut,
    DecideIn,
    NoteIn,
    NotifiedIn,
    RecordsOut,
    StageAnswer,
)
from shared.app import runtime_of
from shared.approvals.views import PROPOSAL_RESPONSES, reason_query
from shared.auth import Client, require, require_any

router = APIRouter(tags=["complaints"])
READ = require_any("registry:read", "complaints:handle")
HANDLE = require_any("registry:write", "complaints:handle")
LIST_PARAMS = {"regency_code", "limit", "cursor"}
Purpose = Query(default="complaint handling", max_length=200)


def _ctx(request: Request):
    runtime = runtime_of(request)
    return runtime.sessions, runtime.extras["vault"]


@router.post("/complaints", status_code=201, response_model=Created)
async def create(body: ComplaintIn, request: Request, client: Client = Depends(require("registry:write")),
                 idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=200)):
    client.require_regency(body.regency_code)
    created = await service.create_complaint(*_ctx(request), client, body, idempotency_key)
    return JSONResponse(jsonable_encoder(created), status_code=201)


@router.get("/complaints", response_model=ComplaintPage)
async def list_(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                limit: int = Query(default=50, ge=1, le=500), cursor: str | None = Query(default=None, max_length=500),
                client: Client = Depends(READ)):
    filters = {k: v for k, v in request.query_params.items() if k not in LIST_PARAMS}
    return await service.list_complaints(*_ctx(request), client, regency_code, filters, limit=limit, cursor=cursor,
                                         as_of=dt.date.today())


@router.get("/complaints/{complaint_id}", response_model=ComplaintOut)
async def read(complaint_id: uuid.UUID, request: Request, purpose: str = Purpose, client: Client = Depends(READ)):
    return await service.get_complaint(*_ctx(request), client, complaint_id, purpose=purpose)


@router.get("/complaints/{complaint_id}/records", response_model=RecordsOut)
async def records(complaint_id: uuid.UUID, request: Request, purpose: str = Purpose, client: Client = Depends(READ)):
    return await access.named_records(*_ctx(request), client, complaint_id, purpose=purpose,
                                      request_id=request.headers.get("x-request-id"))


@router.post("/complaints/{complaint_id}/assignment", response_model=StageAnswer)
async def assign(complaint_id: uuid.UUID, body: AssignIn, request: Request,
                 client: Client = Depends(require("registry:write"))):
    return await service.assign(*_ctx(request), client, complaint_id, body)


@router.post("/complaints/{complaint_id}/notes", response_model=StageAnswer)
async def note(complaint_id: uuid.UUID, body: NoteIn, request: Request, client: Client = Depends(HANDLE)):
    return await service.note(*_ctx(request), client, complaint_id, body.text)


@router.post("/complaints/{complaint_id}/decision", response_model=StageAnswer)
async def decide(complaint_id: uuid.UUID, body: DecideIn, request: Request, client: Client = Depends(HANDLE)):
    return await service.decide(*_ctx(request), client, complaint_id, body)


@router.post("/complaints/{complaint_id}/closure", response_model=StageAnswer)
async def close(complaint_id: uuid.UUID, body: CloseIn, request: Request,
                client: Client = Depends(require("registry:write"))):
    return await service.close(*_ctx(request), client, complaint_id, body)


@router.post("/participants/{participant_id}/termination-contests", status_code=201, response_model=ContestOut,
             responses={200: {"model": ContestOut, "description": "Sudah disanggah / already contested"}},
             description=("Peserta menyanggah penghentian / a participant contests a termination (`membership_id`) or "
                          "a termination recommended by re-verification (`reason`, `quarter`): recorded once, with "
                          "the article of the regency's wrongly_terminated category, and one automatic complaint."))
async def contest(participant_id: uuid.UUID, body: ContestIn, request: Request,
                  client: Client = Depends(require("registry:write"))):
    status, answer = await contests.contest_termination(*_ctx(request), client, participant_id, body)
    return JSONResponse(jsonable_encoder(answer), status_code=status)


@router.post("/data-subject-requests", status_code=201, response_model=DataSubjectRequestOut)
async def file_request(body: DataSubjectRequestIn, request: Request,
                       client: Client = Depends(require("registry:write"))):
    filed = await access.file_request(*_ctx(request), client, body)
    return JSONResponse(jsonable_encoder(filed), status_code=201)


@router.post("/data-subject-requests/{request_id}/correction", response_model=CorrectionOut,
             responses=PROPOSAL_RESPONSES, description=(
        "Apply a data subject's correction (UU 27/2022 Pasal 6) to their record. A person's correction that the "
        "regency's approvals.yaml controls (`data.correct`) is a proposal: 202 `{approval_id, state: pending}`; "
        "another person approves it at `/v1/approvals/{id}/decisions` (docs/API.md §14). The new values are "
        "sealed on the request, never in the proposal."))
async def correct(request_id: uuid.UUID, body: CorrectionIn, request: Request,
                  reason: str | None = Depends(reason_query), client: Client = Depends(require("registry:write"))):
    return await corrections.propose(*_ctx(request), client, request_id, body, reason)


@router.get("/data-subject-requests/{request_id}/correction", response_model=CorrectionFiled, description=(
        "The correction as filed (new values in clear), for the person who approves it; `pii:read`, audited."))
async def correction(request_id: uuid.UUID, request: Request, purpose: str = Purpose,
                     client: Client = Depends(require("pii:read"))):
    return await corrections.filed(*_ctx(request), client, request_id, purpose=purpose,
                                   request_header=request.headers.get("x-request-id"))


@router.get("/data-subject-requests/{request_id}/export", response_model=AccessExport,
            responses={409: {"description": "Bukan permintaan akses / not an access request"}})
async def export(request_id: uuid.UUID, request: Request, client: Client = Depends(require("pii:read"))):
    return await access.access_export(*_ctx(request), client, request_id,
                                      request_header=request.headers.get("x-request-id"))


@router.post("/breaches", status_code=201, response_model=BreachOut)
async def record_breach(body: BreachIn, request: Request, client: Client = Depends(require("registry:write"))):
    recorded = await access.record_breach(*_ctx(request), client, body)
    return JSONResponse(jsonable_encoder(recorded), status_code=201)


@router.get("/breaches", response_model=list[BreachOut])
async def breaches(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                   client: Client = Depends(require("registry:read"))):
    return await access.list_breaches(runtime_of(request).sessions, client, regency_code)


@router.post("/breaches/{breach_id}/notification", response_model=BreachOut)
async def notified(breach_id: uuid.UUID, body: NotifiedIn, request: Request,
                   client: Client = Depends(require("registry:write"))):
    return await access.mark_notified(runtime_of(request).sessions, client, breach_id, body.notified_at)
