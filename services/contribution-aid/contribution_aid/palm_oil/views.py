import uuid

from fastapi import APIRouter, Depends, Request

from contribution_aid.palm_oil import service
from contribution_aid.palm_oil.schemas import AdjustmentIn, RkpIn, RkpView, ShortfallIn, ShortfallMove
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(prefix="/palm-oil", tags=["palm-oil programme"])


@router.post("/rkp", status_code=201, response_model=RkpView, response_model_exclude_unset=True)
async def propose(body: RkpIn, request: Request, client: Client = Depends(require("aid:write"))):
    return await service.propose(runtime_of(request).sessions, client, body)


@router.get("/rkp/{rkp_id}", response_model=RkpView, response_model_exclude_unset=True)
async def read(rkp_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    return await service.get(runtime_of(request).sessions, client, rkp_id)


@router.post("/rkp/{rkp_id}/adjustments", status_code=201, response_model=RkpView, response_model_exclude_unset=True)
async def adjust(rkp_id: uuid.UUID, body: AdjustmentIn, request: Request,
                 client: Client = Depends(require("aid:write"))):
    return await service.adjust(runtime_of(request).sessions, client, rkp_id, body)


@router.post("/rkp/{rkp_id}/shortfall-moves", status_code=201, response_model=ShortfallMove,
             response_model_exclude_unset=True)
async def move_shortfall(rkp_id: uuid.UUID, body: ShortfallIn, request: Request,
                         client: Client = Depends(require("aid:write"))):
    return await service.move_shortfall(runtime_of(request).sessions, client, rkp_id, body)
