import datetime as dt
import uuid

from fastapi import APIRouter, Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from registry.memberships import service
from registry.memberships.schemas import (
    MembershipHistory,
    MembershipIn,
    MembershipStarted,
    MembershipsTerminated,
    TerminationIn,
)
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["memberships"])


@router.post("/participants/{participant_id}/memberships", status_code=201, response_model=MembershipStarted)
async def start(participant_id: uuid.UUID, body: MembershipIn, request: Request,
                client: Client = Depends(require("registry:write")),
                idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=200)):
    status, response = await service.start(runtime_of(request).sessions, client, participant_id, body,
                                           idempotency_key, today=dt.date.today())
    return JSONResponse(response, status_code=status)


@router.post("/participants/{participant_id}/terminations", status_code=201, response_model=MembershipsTerminated)
async def terminate(participant_id: uuid.UUID, body: TerminationIn, request: Request,
                    client: Client = Depends(require("registry:write"))):
    result = await service.terminate_memberships(runtime_of(request).sessions, client, participant_id, body)
    return JSONResponse(jsonable_encoder(result), status_code=201)


@router.get("/participants/{participant_id}/memberships", response_model=MembershipHistory,
            response_model_exclude_unset=True)
async def history(participant_id: uuid.UUID, request: Request, client: Client = Depends(require("registry:read"))):
    return jsonable_encoder(await service.list_history(runtime_of(request).sessions, client, participant_id,
                                                       today=dt.date.today()))
