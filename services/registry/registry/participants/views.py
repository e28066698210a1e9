import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from registry.lists.views import list_participants
from registry.participants import service
from registry.participants.edits import update_participant
from registry.participants.resolve import SCOPES as RESOLVE_SCOPES
from registry.participants.resolve import resolve_niks
from registry.participants.schemas import (
    ParticipantChanged,
    ParticipantCreated,
    ParticipantIn,
    ParticipantList,
    ParticipantOut,
    ParticipantPatch,
    ResolveIn,
    ResolveOut,
)
from shared.app import runtime_of
from shared.auth import Client, require, require_any
from shared.paging import Paging, paging
from shared.ratelimit import expensive

router = APIRouter(tags=["participants"])


def _vault(request: Request):
    return runtime_of(request).extras["vault"]


@router.post("/participants", status_code=201, response_model=ParticipantCreated)
async def register(body: ParticipantIn, request: Request, client: Client = Depends(require("registry:write")),
                   idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=200)):
    client.require_regency(body.regency_code)
    client.require_village(body.village_code)
    status, response = await service.register_participant(runtime_of(request).sessions, _vault(request), client,
                                                          body, idempotency_key)
    return JSONResponse(response, status_code=status)


@router.post("/participants/resolve", response_model=ResolveOut, dependencies=[Depends(expensive)])
async def resolve(body: ResolveIn, request: Request, client: Client = Depends(require_any(*RESOLVE_SCOPES))):
    """Participant ids of many NIKs at once (`pii:read` or `registry:resolve`; audited per call)."""
    client.require_regency(body.regency_code)
    return await resolve_niks(runtime_of(request).sessions, _vault(request), client, body.regency_code, body.niks,
                              request_id=request.headers.get("x-request-id"))


@router.get("/participants/{participant_id:uuid}", response_model=ParticipantOut,
            response_model_exclude_unset=True)  # a field withheld stays absent (docs/API.md §7)
async def read(participant_id: uuid.UUID, request: Request, client: Client = Depends(require("registry:read")),
               purpose: str = Query(default="lookup", max_length=200)):
    return await service.get_participant(runtime_of(request).sessions, _vault(request), client, participant_id,
                                         purpose=purpose, request_id=request.headers.get("x-request-id"))


@router.patch("/participants/{participant_id:uuid}", response_model=ParticipantChanged, description=(
        "Perbaikan data peserta / correct a participant's record: the fields sent change (NIK, birth date and sex "
        "do not: a wrong identity ends with `identity_error`); checked as at registration (422 naming the field); "
        "non-personal changes are announced as ParticipantUpdated."))
async def correct(participant_id: uuid.UUID, body: ParticipantPatch, request: Request,
                  client: Client = Depends(require("registry:write"))):
    return await update_participant(runtime_of(request).sessions, _vault(request), client, participant_id, body)


@router.get("/participants", response_model=ParticipantList, response_model_exclude_unset=True,
            responses={200: {"content": {"text/csv": {}}}}, description=(
        "With `nik`: the exact lookup of docs/API.md §7 (`{items, count}`). Without it: the participants of a "
        "regency (docs/API.md §13), filters `village_code`, `category` (vocabulary `categories`), `status` "
        "(`active`: a membership open today, `inactive`), `funding` (vocabulary `funding`), `worker_type`, "
        "`employer_id` (the employer's workers), `name` "
        "(prefix; needs `pii:read`). Items carry the masked NIK and the birth year; the name only for `pii:read` "
        "(audited). `format=csv` exports with Indonesian headers (audited)."))
async def lookup(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                 nik: str | None = Query(default=None, min_length=1, max_length=32),
                 purpose: str = Query(default="lookup", max_length=200),
                 village_code: str | None = Query(default=None, max_length=13),
                 category: str | None = Query(default=None, max_length=100),
                 status: Literal["active", "inactive"] | None = None,
                 funding: str | None = Query(default=None, max_length=16),
                 worker_type: Literal["pu", "bpu"] | None = None, employer_id: uuid.UUID | None = None,
                 name: str | None = Query(default=None, min_length=1, max_length=200),
                 format: Literal["json", "csv"] = "json", page: Paging = Depends(paging),
                 client: Client = Depends(require("registry:read"))):
    """Cari peserta menurut NIK atau daftar peserta / find a participant by NIK, or list participants."""
    if nik is None:
        params = {"village_code": village_code, "category": category, "status": status, "funding": funding,
                  "name": name, "worker_type": worker_type, "employer_id": employer_id}
        return await list_participants(request, client, regency_code, params, page, format, purpose)
    items = await service.find_by_nik(runtime_of(request).sessions, _vault(request), client, regency_code, nik,
                                      purpose=purpose, request_id=request.headers.get("x-request-id"))
    return {"items": items, "count": len(items), "next_cursor": None}
