import datetime as dt
import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from contribution_aid.accountability import service
from contribution_aid.accountability.document import MEDIA, accountability_document
from contribution_aid.accountability.schemas import AccountabilityPackView, DocumentIn, DocumentView
from contribution_aid.invoices.schemas import MONTH
from shared.app import runtime_of
from shared.auth import Client, require
from shared.documents.layout import latin1
from shared.openapi import binary

router = APIRouter(tags=["accountability"])


@router.post("/budgets/{budget_id}/documents", status_code=201, response_model=DocumentView,
             response_model_exclude_unset=True)
async def record(budget_id: uuid.UUID, body: DocumentIn, request: Request,
                 client: Client = Depends(require("aid:write"))):
    return await service.record_document(runtime_of(request).sessions, client, budget_id, body)


@router.get("/budgets/{budget_id}/accountability", response_model=AccountabilityPackView,
            response_model_exclude_unset=True, responses=binary("application/zip"))
async def pack(budget_id: uuid.UUID, request: Request, period_start: str = Query(pattern=MONTH),
               period_end: str = Query(pattern=MONTH), format: Literal["zip", "json"] = "zip",
               client: Client = Depends(require("aid:read"))):
    """Berau Pasal 23/24 file for one budget and period: a ZIP (default) or its checklist as JSON."""
    built, bundle = await service.build_pack(runtime_of(request).sessions, client, budget_id, period_start,
                                             period_end)
    if format == "json":
        return service.pack_json(built, bundle)
    name = f"pertanggungjawaban-{budget_id}-{period_start}-{period_end}.zip"
    return Response(service.pack_zip(built, bundle), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/budgets/{budget_id}/accountability/document.{fmt}", response_class=Response,
            responses=binary(*MEDIA.values()))
async def printable(budget_id: uuid.UUID, request: Request, fmt: str = Path(pattern=r"^(pdf|xlsx)$"),
                    period_start: str = Query(pattern=MONTH), period_end: str = Query(pattern=MONTH),
                    client: Client = Depends(require("aid:read"))):
    """Laporan pertanggungjawaban / the accountability file as a document to print and file: PDF (kop,
    checklist, invoices and transfers, decrees, signature, lampiran of invoice lines) or XLSX. Once the
    period has ended and the file is complete it is issued through the document register (numbered,
    signed, the same bytes afterwards; `X-Document-Status: terbit`); before that a KONSEP without number
    or signature (`X-Document-Status: konsep`, `X-Document-Draft-Reason` says what is missing)."""
    name, media, body, why = await accountability_document(runtime_of(request).sessions, client, budget_id,
                                                           period_start, period_end, fmt, dt.date.today())
    headers = {"Content-Disposition": f'inline; filename="{name}"',
               "X-Document-Status": "konsep" if why else "terbit"}
    if why:
        headers["X-Document-Draft-Reason"] = latin1(why)
    return Response(body, media_type=media, headers=headers)
