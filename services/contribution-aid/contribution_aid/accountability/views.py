import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from contribution_aid.accountability import service
from contribution_aid.accountability.schemas import AccountabilityPackView, DocumentIn, DocumentView
from contribution_aid.invoices.schemas import MONTH
from shared.app import runtime_of
from shared.auth import Client, require
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
