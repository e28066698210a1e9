"""`GET /v1/clearance` for OSS/PTSP (docs/API.md §9)."""
from __future__ import annotations

import uuid

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response

from sanctions.cases.schemas import Service
from sanctions.clearance.reader import reader_lifespan, reader_of
from sanctions.clearance.schemas import Clearance
from sanctions.clearance.service import answer, lookup
from sanctions.profiles import profile_for
from shared.app import runtime_of
from shared.auth import Client, require
from shared.problems import InvalidInput

router = APIRouter(tags=["clearance"], lifespan=reader_lifespan)


@router.get("/clearance", response_model=Clearance, description=(
        "May the employer (by `employer_id`, or by `nib` instead) receive `service`? `allowed` is false only "
        "when a sanction in force denies that service; `executing_agency` is the agency that gives (and under a "
        "sanction refuses) it. An employer this service has no record of is allowed, with a reason saying so. "
        "`permit_year` matters where a regency denies a permit only from a given year (Tabalong Pasal 28(7) "
        "huruf a). An unknown service is a 422."))
async def get_clearance(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"), service: Service = Query(),
                        employer_id: uuid.UUID | None = None,
                        nib: str | None = Query(default=None, min_length=1, max_length=20),
                        permit_year: int | None = Query(default=None, ge=1, le=100),
                        client: Client = Depends(require("clearance:read"))):
    client.require_regency(regency_code)
    if employer_id is None and nib is None:
        raise InvalidInput.fields([("employer_id", "employer_id or nib is required")])
    profile = profile_for(regency_code)
    found = await lookup(reader_of(runtime_of(request)), regency_code, employer_id=employer_id, nib=nib)
    return Response(orjson.dumps(answer(profile, service, found, permit_year)), media_type="application/json")
