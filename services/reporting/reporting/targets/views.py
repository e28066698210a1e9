import datetime as dt

from fastapi import APIRouter, Depends, Path, Request

from reporting.regencies import allowed
from reporting.targets import national, service
from reporting.targets.schemas import NationalTargetsOut, TargetIn, TargetOut
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import AsOfDate

router = APIRouter(tags=["targets"])
REGENCY = Path(pattern=r"^\d{4}$")
YEAR = Path(ge=2000, le=2100)


@router.get("/targets/national", response_model=NationalTargetsOut, response_model_by_alias=True)
async def get_national_targets(as_of: AsOfDate | None = None,
                               client: Client = Depends(require("reporting:read"))):
    """Target nasional cakupan kepesertaan yang berlaku pada `as_of` (bawaan: hari ini), dengan sumbernya. /
    The national coverage targets in force on `as_of` (default today), each with its source and basis
    (`reported`: quoted by a secondary source, not read in the regulation)."""
    return national.answer(as_of or dt.date.today())


@router.put("/targets/{regency_code}/{year}", response_model=TargetOut)
async def put_target(body: TargetIn, request: Request, regency_code: str = REGENCY, year: int = YEAR,
                     client: Client = Depends(require("reporting:write"))):
    """Record the year's workforce estimate and UCJ target with their source (a new version; the
    earlier ones stay as the audit trail)."""
    allowed(client, regency_code)
    return await service.record(runtime_of(request).sessions, regency_code, year, body, client.name)


@router.get("/targets/{regency_code}/{year}", response_model=TargetOut)
async def get_target(request: Request, regency_code: str = REGENCY, year: int = YEAR,
                     client: Client = Depends(require("reporting:read"))):
    allowed(client, regency_code)
    return await service.read(runtime_of(request).sessions, regency_code, year)
