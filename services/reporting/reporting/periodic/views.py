import datetime as dt

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from reporting.periodic import service
from reporting.periodic.schemas import RecapReceived, RecapStatus, RecapYear, ReportCalendar
from reporting.periodic.service import CONTENT_TYPES
from reporting.regencies import allowed
from shared.app import runtime_of
from shared.auth import Client, require
from shared.openapi import binary

router = APIRouter(tags=["reports"])
REGENCY = Query(pattern=r"^\d{4}$")
YEAR = Query(default=None, ge=2000, le=2100)


@router.get("/reports", response_model=ReportCalendar, response_model_exclude_unset=True)
async def get_calendar(request: Request, regency_code: str = REGENCY, year: int | None = YEAR,
                       client: Client = Depends(require("reporting:read"))):
    """The reports the regency's regulation requires for a year, with due dates and status."""
    allowed(client, regency_code)
    today = dt.date.today()
    return await service.calendar(runtime_of(request).sessions, regency_code, year or today.year, today)


@router.get("/reports/{report_id}/{period}.{fmt}", response_class=Response, responses=binary(*CONTENT_TYPES.values()))
async def get_export(request: Request, report_id: str = Path(pattern=r"^[a-z0-9_]{1,64}$"),
                     period: str = Path(pattern=r"^[0-9A-Z-]{4,7}$"), fmt: str = Path(pattern=r"^(xlsx|pdf)$"),
                     regency_code: str = REGENCY, client: Client = Depends(require("reporting:read"))):
    """The report on one period as an Indonesian XLSX workbook or PDF, built from the read model."""
    allowed(client, regency_code)
    body, filename = await service.export(runtime_of(request).sessions, regency_code, report_id, period, fmt,
                                          dt.date.today())
    return Response(body, media_type=CONTENT_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.post("/bpjs-recaps", status_code=201, response_model=RecapStatus, responses={200: {
    "model": RecapStatus, "description": "Koreksi tanggal terima / a correction of the recorded date"}})
async def post_recap(request: Request, body: RecapReceived, client: Client = Depends(require("reporting:write"))):
    """Record the day BPJS's monthly recap came in (a correction replaces the earlier date)."""
    allowed(client, body.regency_code)
    created, status = await service.record_recap(runtime_of(request).sessions, body.regency_code, body.period,
                                                 body.received_on, body.reference, client.name, dt.date.today())
    return JSONResponse(status, status_code=201 if created else 200)


@router.get("/bpjs-recaps", response_model=RecapYear, response_model_exclude_unset=True)
async def get_recaps(request: Request, regency_code: str = REGENCY, year: int | None = YEAR,
                     client: Client = Depends(require("reporting:read"))):
    """Each month's recap status for a year; `late` names the months late or missing past due."""
    allowed(client, regency_code)
    today = dt.date.today()
    return await service.recap_statuses(runtime_of(request).sessions, regency_code, year or today.year, today)
