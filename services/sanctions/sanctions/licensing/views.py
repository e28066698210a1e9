"""`POST /v1/licence-checks`: OSS/PTSP asks whether a licence application carries the BPJS
documents the regency demands (and whether a sanction denies the service)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from sanctions.clearance.reader import reader_of
from sanctions.licensing.schemas import LicenceApplicationIn, LicenceCheckOut
from sanctions.licensing.service import check_application
from sanctions.scopes import require_any
from shared.app import runtime_of
from shared.auth import Client

router = APIRouter(tags=["licensing"])


@router.post("/licence-checks", status_code=201, response_model=LicenceCheckOut, description=(
        "Check a new or renewal licence application. 201 with the check (`id`): `allowed` is true only when "
        "every document the regency demands is attached and no sanction in force denies the service; `missing` "
        "names each absent document with its article. A missing membership proof also opens (or joins) a case "
        "against the employer (`cases`). Scope `clearance:read` (OSS/PTSP) or `sanctions:write`."))
async def check(body: LicenceApplicationIn, request: Request,
                client: Client = Depends(require_any("clearance:read", "sanctions:write"))):
    runtime = runtime_of(request)
    return JSONResponse(await check_application(runtime.sessions, reader_of(runtime), client, body), status_code=201)
