"""`GET /v1/clearance` for OSS/PTSP (docs/API.md §9)."""
from __future__ import annotations

import re
import uuid
from typing import get_args

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response

from sanctions.cases.schemas import Service
from sanctions.clearance.reader import reader_lifespan, reader_of
from sanctions.clearance.schemas import Clearance
from sanctions.clearance.service import answer, lookup
from sanctions.profiles import profile_for
from shared.app import runtime_of
from shared.auth import Client, require
from shared.fastpath import FastPathRoute, fast_path
from shared.problems import InvalidInput

router = APIRouter(tags=["clearance"], lifespan=reader_lifespan, route_class=FastPathRoute)
SERVICES = frozenset(get_args(Service))
_REGENCY = re.compile(r"[0-9]{4}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_YEAR = re.compile(r"[0-9]{1,3}")


def plain_query(request: Request) -> dict | None:
    """OSS's usual call, parsed without FastAPI's validation (shared/fastpath.py): each parameter at
    most once, a 4-digit regency, a known service, a canonical UUID or a 1-20 character NIB, a year
    1-100. Anything else is None, and FastAPI's own validation answers it as it always did."""
    query: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in query:
            return None
        query[name] = value
    regency_code, service = query.get("regency_code", ""), query.get("service")
    employer_id, nib, year = query.get("employer_id"), query.get("nib"), query.get("permit_year")
    if not (_REGENCY.fullmatch(regency_code) and service in SERVICES and (employer_id or nib)):
        return None
    if (employer_id is not None and not _UUID.fullmatch(employer_id)) or (nib is not None and not 0 < len(nib) <= 20):
        return None
    if year is not None and not (_YEAR.fullmatch(year) and 1 <= int(year) <= 100):
        return None
    return {"regency_code": regency_code, "service": service, "employer_id": employer_id and uuid.UUID(employer_id),
            "nib": nib, "permit_year": year and int(year)}


@router.get("/clearance", response_model=Clearance, description=(
        "May the employer (by `employer_id`, or by `nib` instead) receive `service`? `allowed` is false only "
        "when a sanction in force denies that service; `executing_agency` is the agency that gives (and under a "
        "sanction refuses) it. An employer this service has no record of is allowed, with a reason saying so. "
        "`permit_year` matters where a regency denies a permit only from a given year (Tabalong Pasal 28(7) "
        "huruf a). An unknown service is a 422."))
@fast_path(plain_query)
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
