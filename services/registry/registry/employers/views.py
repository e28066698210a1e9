import datetime as dt
import uuid

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from registry.employers import service
from registry.employers.schemas import (
    EmployerCreated,
    EmployerIn,
    EmployerView,
    OssNotificationAnswer,
    OssNotificationIn,
)
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["employers"])


def _vault(request: Request):
    return runtime_of(request).extras["vault"]


@router.post("/employers", status_code=201, response_model=EmployerCreated,
             description="Daftarkan pemberi kerja / Register an employer (docs/API.md §7); the same NIB twice: 409.")
async def register(body: EmployerIn, request: Request, client: Client = Depends(require("registry:write")),
                   idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=200)):
    client.require_regency(body.regency_code)
    status, response = await service.register_employer(runtime_of(request).sessions, _vault(request), client, body,
                                                       idempotency_key, today=dt.date.today())
    return JSONResponse(response, status_code=status)


@router.get("/employers/{employer_id}", response_model=EmployerView)
async def read(employer_id: uuid.UUID, request: Request, client: Client = Depends(require("registry:read")),
               purpose: str = Query(default="lookup", max_length=200)):
    found = await service.get_employer(runtime_of(request).sessions, _vault(request), client, employer_id,
                                       purpose=purpose, request_id=request.headers.get("x-request-id"))
    return jsonable_encoder(found)


@router.post("/oss/notifications", response_model=OssNotificationAnswer,
             responses={201: {"model": OssNotificationAnswer, "description": "Pemberi kerja baru / A new employer"}})
async def oss_notification(body: OssNotificationIn, request: Request, client: Client = Depends(require("oss:feed"))):
    client.require_regency(body.regency_code)
    status, response = await service.receive_oss_notification(runtime_of(request).sessions, _vault(request), client,
                                                              body, today=dt.date.today())
    return JSONResponse(response, status_code=status)
