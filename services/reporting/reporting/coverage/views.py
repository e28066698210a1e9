import datetime as dt

from fastapi import APIRouter, Depends, Query, Request

from reporting.coverage.schemas import CoverageOut, VillageCoverage
from reporting.coverage.service import coverage, villages
from reporting.regencies import allowed
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import AsOfDate

router = APIRouter(tags=["coverage"])


@router.get("/coverage", response_model=CoverageOut, response_model_exclude_unset=True)
async def get_coverage(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                       as_of: AsOfDate | None = None, client: Client = Depends(require("reporting:read"))):
    allowed(client, regency_code)  # 403 for another regency, 404 for one without a profile
    return await coverage(runtime_of(request).sessions, regency_code, as_of)


@router.get("/coverage/villages", response_model=VillageCoverage, response_model_exclude_unset=True)
async def get_villages(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                       as_of: AsOfDate | None = None, client: Client = Depends(require("reporting:read"))):
    """Participants and active memberships per village, small cells suppressed."""
    allowed(client, regency_code)
    return await villages(runtime_of(request).sessions, regency_code, as_of or dt.date.today())
