from fastapi import APIRouter, Depends, Request

from eligibility.context import profiles_of
from eligibility.guidance import service
from eligibility.guidance.schemas import BenefitCheckIn, RankingIn, RequiredProgramsIn
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["guidance"])
evaluator = require("eligibility:evaluate")


@router.post("/required-programs")
async def required_programs(body: RequiredProgramsIn, request: Request, client: Client = Depends(evaluator)):
    """docs/API.md §6: mandatory and optional programmes for a kind of worker and employer, with citations."""
    client.require_regency(body.regency_code)
    return service.programs_required(profiles_of(runtime_of(request)), body)


@router.post("/benefit-checks")
async def benefit_checks(body: BenefitCheckIn, request: Request, client: Client = Depends(evaluator)):
    """Whether a JHT, JP, JKP or JKK benefit is due, with cited checks like POST /v1/evaluations."""
    client.require_regency(body.regency_code)
    return service.check_benefit(profiles_of(runtime_of(request)), body)


@router.post("/rankings")
async def rankings(body: RankingIn, request: Request, client: Client = Depends(evaluator)):
    """Order candidates over the quota by the scheme's ranking criteria, each with its points and article."""
    client.require_regency(body.regency_code)
    return service.rank(profiles_of(runtime_of(request)), body)
