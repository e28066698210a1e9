from fastapi import APIRouter, Depends, Request

from eligibility.evaluations import service
from eligibility.evaluations.schemas import EvaluationIn, EvaluationOut
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["evaluations"])


@router.post("/evaluations", response_model=EvaluationOut, response_model_exclude_unset=True)
async def evaluate(body: EvaluationIn, request: Request, client: Client = Depends(require("eligibility:evaluate"))):
    """docs/API.md §5: evaluate one applicant; stored for audit and announced as EligibilityDetermined."""
    return await service.evaluate_applicant(runtime_of(request), client, body)
