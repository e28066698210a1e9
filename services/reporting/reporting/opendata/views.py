import datetime as dt

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from reporting.opendata.service import open_data
from reporting.regencies import allowed
from shared.app import runtime_of
from shared.auth import Client, require
from shared.openapi import binary

router = APIRouter(tags=["open data"])


@router.get("/open-data/{period}.zip", response_class=Response, responses=binary("application/zip"))
async def export(request: Request, period: str = Path(pattern=r"^[0-9A-Z-]{4,7}$"),
                 regency_code: str = Query(pattern=r"^\d{4}$"), client: Client = Depends(require("reporting:read"))):
    """Data terbuka / open data of an ended period (2026, 2026-H1, 2026-Q1, 2026-03): coverage by kecamatan
    and desa, vulnerable workers covered by funding, budget realisation (CSV, small cells suppressed) with
    Satu Data Indonesia metadata (metadata.json)."""
    allowed(client, regency_code)
    name, body = await open_data(runtime_of(request).sessions, regency_code, period, dt.date.today())
    return Response(body, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
