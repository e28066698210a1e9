import datetime as dt

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from eligibility.evaluations.schemas import CheckView
from eligibility.recipients import service
from shared.answers import Answer
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import AsOfDate

router = APIRouter(tags=["re-verification"])


class ReverificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regency_code: str = Field(pattern=r"^\d{4}$")
    as_of: AsOfDate | None = Field(None, description="re-verification date; default today")


class Recommendation(Answer):
    """A termination reason that applies to a recipient; `new` is false when this quarter already had it."""

    participant_id: str
    scheme: str
    reason: str
    label: str
    citation: str
    checks: list[CheckView]
    new: bool


class ReverificationOut(Answer):
    """Verifikasi ulang / a re-verification run: recipients checked, reasons recommended (once per
    participant, reason and quarter: `emitted` counts the new ones), and what could not be decided, by
    reason and by the missing fact."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "regency_code": "5304", "as_of": "2026-01-15",
        "quarter": "2026-Q1", "recipients": 1, "without_rules": 0, "undetermined": {}, "missing_facts": {},
        "recommended": 1, "emitted": 1, "recommendations": [{
            "participant_id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c", "scheme": "vulnerable_worker_aid",
            "reason": "deceased", "label": "Meninggal dunia", "citation": "Perbup TTS Pasal 20 ayat (3)",
            "checks": [], "new": True}]}]})
    id: str
    regency_code: str
    as_of: dt.date
    quarter: str
    recipients: int
    without_rules: int
    undetermined: dict[str, int]
    missing_facts: dict[str, int]
    recommended: int
    emitted: int
    recommendations: list[Recommendation]


@router.post("/reverifications", response_model=ReverificationOut, response_model_exclude_unset=True)
async def reverify(body: ReverificationIn, request: Request, client: Client = Depends(require("eligibility:admin"))):
    """Re-verify the regency's active aid recipients (TTS Pasal 20(3)): termination reasons that
    apply are recommended (TerminationRecommended, once per participant, reason and quarter);
    reasons the known facts cannot decide are counted as undetermined with the missing facts."""
    client.require_regency(body.regency_code)
    return await service.reverify_regency(runtime_of(request), client.name, body.regency_code,
                                          body.as_of or dt.date.today())
