import uuid

from fastapi import APIRouter, Depends, Query, Request

from console.persons import service
from console.persons.schemas import Created, PersonIn, PersonOut, PersonPage, RolesIn, TotpOut
from shared.app import runtime_of
from shared.auth import Client, require
from shared.paging import only_params

router = APIRouter(tags=["persons"])


@router.post("/persons", status_code=201, response_model=Created, description=(
        "Create a person who logs in at this issuer (admin API key, or a person with the `admin` role, for "
        "their regencies). NIP validated (18 digits: birth date, TMT, sex 1/2, sequence); roles from "
        "profiles/roles.yaml; 409 on a taken username or NIP."))
async def create(body: PersonIn, request: Request, client: Client = Depends(require("admin"))):
    return Created(id=await service.create(runtime_of(request).sessions, client, body))


@router.get("/persons", response_model=PersonPage, description=(
        "Persons by username (docs/API.md §13). Filters: `regency_code`, `role`, `active`."))
async def list_persons(request: Request, regency_code: str | None = Query(default=None, pattern=r"^\d{4}$"),
                       role: str | None = Query(default=None, max_length=64), active: bool | None = None,
                       limit: int = Query(default=50, ge=1, le=500),
                       cursor: str | None = Query(default=None, max_length=300),
                       client: Client = Depends(require("admin"))):
    only_params(request, {"regency_code", "role", "active"})
    items, next_cursor = await service.list_(runtime_of(request).sessions, client, regency_code=regency_code,
                                             role=role, active=active, limit=limit, cursor=cursor)
    return PersonPage(items=items, next_cursor=next_cursor)


@router.post("/persons/{person_id}/deactivate", response_model=PersonOut)
async def deactivate(person_id: uuid.UUID, request: Request, client: Client = Depends(require("admin"))):
    return await service.deactivate(runtime_of(request).sessions, client, person_id)


@router.put("/persons/{person_id}/roles", response_model=PersonOut, description=(
        "Replace a person's roles (admin, for their regencies; roles from profiles/roles.yaml and the regency's "
        "people.yaml). Audited with the roles before and after; the person's refresh tokens are revoked."))
async def set_roles(person_id: uuid.UUID, body: RolesIn, request: Request, client: Client = Depends(require("admin"))):
    return await service.set_roles(runtime_of(request).sessions, client, person_id, body)


@router.post("/persons/{person_id}/totp", response_model=TotpOut, description=(
        "Enrol TOTP (RFC 6238) for a person, e.g. an approving role; from then on their login asks for the code."))
async def enrol_totp(person_id: uuid.UUID, request: Request, client: Client = Depends(require("admin"))):
    runtime = runtime_of(request)
    uri, secret = await service.enrol_totp(runtime.sessions, client, person_id, runtime.settings.issuer,
                                           runtime.extras["cipher"])
    return TotpOut(provisioning_uri=uri, secret=secret)
