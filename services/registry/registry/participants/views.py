import uuid

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from registry.participants import service
from registry.participants.resolve import SCOPES as RESOLVE_SCOPES
from registry.participants.resolve import resolve_niks
from registry.participants.schemas import ParticipantIn, ResolveIn, ResolveOut
from shared.app import runtime_of
from shared.auth import Client, require, require_any
from shared.ratelimit import expensive

router = APIRouter(tags=["participants"])


def _vault(request: Request):
    return runtime_of(request).extras["vault"]


@router.post("/participants", status_code=201)
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


@router.api_route("/participants/resolve", methods=["GET", "PUT", "PATCH", "DELETE"], include_in_schema=False)
async def resolve_other_methods():
    """Without this, GET /participants/resolve would reach /participants/{id} and answer 422."""
    raise StarletteHTTPException(405, "Use POST / gunakan POST", headers={"Allow": "POST"})


@router.get("/participants/{participant_id}")
async def read(participant_id: uuid.UUID, request: Request, client: Client = Depends(require("registry:read")),
               purpose: str = Query(default="lookup", max_length=200)):
    return await service.get_participant(runtime_of(request).sessions, _vault(request), client, participant_id,
                                         purpose=purpose, request_id=request.headers.get("x-request-id"))


@router.get("/participants")
async def lookup(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                 nik: str = Query(min_length=1, max_length=32), purpose: str = Query(default="lookup", max_length=200),
                 client: Client = Depends(require("registry:read"))):
    items = await service.find_by_nik(runtime_of(request).sessions, _vault(request), client, regency_code, nik,
                                      purpose=purpose, request_id=request.headers.get("x-request-id"))
    return {"items": items, "count": len(items)}
