import datetime as dt
import uuid

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from registry.construction import service
from registry.construction.schemas import ProjectIn, ProjectView, RegistrationIn
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["construction"])


@router.post("/construction-projects", status_code=201, response_model=ProjectView)
async def register(body: ProjectIn, request: Request, client: Client = Depends(require("registry:write")),
                   idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=200)):
    client.require_regency(body.regency_code)
    status, response = await service.register_project(runtime_of(request).sessions, client, body, idempotency_key,
                                                      today=dt.date.today())
    return JSONResponse(response, status_code=status)


@router.post("/construction-projects/{project_id}/registration", response_model=ProjectView)
async def record_registration(project_id: uuid.UUID, body: RegistrationIn, request: Request,
                              client: Client = Depends(require("registry:write"))):
    return await service.record_registration(runtime_of(request).sessions, client, project_id, body,
                                             today=dt.date.today())


@router.get("/construction-projects/{project_id}", response_model=ProjectView)
async def read(project_id: uuid.UUID, request: Request, client: Client = Depends(require("registry:read"))):
    return await service.get_project(runtime_of(request).sessions, client, project_id, today=dt.date.today())
