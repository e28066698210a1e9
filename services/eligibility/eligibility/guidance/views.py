from fastapi import APIRouter, Depends, Request

from eligibility.context import profiles_of
from eligibility.guidance import service
from eligibility.guidance.schemas import (
    BenefitCheckIn,
    BenefitCheckOut,
    RankingIn,
    RankingOut,
    RequiredProgramsIn,
    RequiredProgramsOut,
)
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["guidance"])
evaluator = require("eligibility:evaluate")


@router.post("/required-programs", response_model=RequiredProgramsOut, response_model_exclude_unset=True)
async def required_programs(body: RequiredProgramsIn, request: Request, client: Client = Depends(evaluator)):
    """docs/API.md §6: mandatory and optional programmes for a kind of worker and employer, with citations."""
    client.require_regency(body.regency_code)
    return service.programs_required(profiles_of(runtime_of(request)), body)


@router.post("/benefit-checks", response_model=BenefitCheckOut, response_model_exclude_unset=True)
async def benefit_checks(body: BenefitCheckIn, request: Request, client: Client = Depends(evaluator)):
    """Whether a JHT, JP, JKP or JKK benefit is due, with cited checks like POST /v1/evaluations."""
    client.require_regency(body.regency_code)
    return service.check_benefit(profiles_of(runtime_of(request)), body)


@router.post("/rankings", response_model=RankingOut, response_model_exclude_unset=True)
async def rankings(body: RankingIn, request: Request, client: Client = Depends(evaluator)):
    """Order candidates over the quota by the scheme's ranking criteria, each with its points and article."""
    client.require_regency(body.regency_code)
    return service.rank(profiles_of(runtime_of(request)), body)
