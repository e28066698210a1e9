import datetime as dt

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from eligibility.recipients import service
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import AsOfDate

router = APIRouter(tags=["re-verification"])


class ReverificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regency_code: str = Field(pattern=r"^\d{4}$")
    as_of: AsOfDate | None = Field(None, description="re-verification date; default today")


@router.post("/reverifications")
async def reverify(body: ReverificationIn, request: Request, client: Client = Depends(require("eligibility:admin"))):
    """Re-verify the regency's active aid recipients (TTS Pasal 20(3)): termination reasons that
    apply are recommended (TerminationRecommended, once per participant, reason and quarter);
    reasons the known facts cannot decide are counted as undetermined with the missing facts."""
    client.require_regency(body.regency_code)
    return await service.reverify_regency(runtime_of(request), client.name, body.regency_code,
                                          body.as_of or dt.date.today())
