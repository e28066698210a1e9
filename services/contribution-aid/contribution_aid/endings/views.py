import uuid

from fastapi import APIRouter, Depends, Request

from contribution_aid.acts import END_AID
from contribution_aid.endings.schemas import AidEndingIn, AidEndingOut, AidEndingRequest
from shared.app import runtime_of
from shared.approvals.flow import perform
from shared.approvals.views import PROPOSAL_RESPONSES, reason_query
from shared.auth import Client, require

router = APIRouter(tags=["aid endings"])


@router.post("/participants/{participant_id}/aid-endings", status_code=201, response_model=AidEndingOut,
             responses=PROPOSAL_RESPONSES, description=(
                 "Stop paying a participant's contributions from the month after `effective_date`; committed "
                 "later months go back to their budgets. 409 when the aid already ended. A person's ending that "
                 "the regency's approvals.yaml controls is a proposal: 202 `{approval_id, state: pending}`."))
async def end(participant_id: uuid.UUID, body: AidEndingIn, request: Request,
              reason: str | None = Depends(reason_query), client: Client = Depends(require("aid:write"))):
    payload = AidEndingRequest(participant_id=participant_id, **body.model_dump())
    return await perform(runtime_of(request).sessions, client, END_AID, payload, reason)
