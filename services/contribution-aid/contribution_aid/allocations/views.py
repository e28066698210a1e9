import uuid

from fastapi import APIRouter, Depends, Request

from contribution_aid.allocations import service
from contribution_aid.allocations.schemas import AllocationIn
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["allocations"])


@router.post("/allocations", status_code=201)
async def allocate(body: AllocationIn, request: Request, client: Client = Depends(require("aid:write"))):
    runtime = runtime_of(request)
    elsewhere = None
    if runtime.settings.ibr_check_enabled:  # before the transaction: an HTTP call, bounded by its timeout
        elsewhere = await runtime.extras["directory"].peer_check(body.participant_id,
                                                                 runtime.settings.ibr_timeout_seconds)
    return await service.allocate(runtime.sessions, client, body, elsewhere)


@router.get("/allocations")
async def list_allocations(request: Request, budget_id: uuid.UUID | None = None,
                           participant_id: uuid.UUID | None = None,
                           client: Client = Depends(require("aid:read"))):
    items = await service.list_allocations(runtime_of(request).sessions, client, budget_id=budget_id,
                                           participant_id=participant_id)
    return {"items": items, "count": len(items)}


@router.get("/allocations/{allocation_id}")
async def read(allocation_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    return await service.get_allocation(runtime_of(request).sessions, client, allocation_id)
