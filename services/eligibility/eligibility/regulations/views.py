import datetime as dt

from fastapi import APIRouter, Depends, Query, Request

from eligibility.context import profiles_of
from eligibility.problems import rules_as_problems
from eligibility.regulations import present
from eligibility.regulations.schemas import RegulationDetail, RegulationList
from shared.app import runtime_of
from shared.auth import Client, require
from shared.bounds import AsOfDate

router = APIRouter(tags=["regulations"])


@router.get("/regulations", response_model=RegulationList, response_model_exclude_unset=True)
async def regulations(request: Request, client: Client = Depends(require("eligibility:evaluate"))):
    """The regulation in force today in each regency the client may act for."""
    profiles, today = profiles_of(runtime_of(request)), dt.date.today()
    codes = client.visible_regencies(list(profiles.codes))
    return {"items": [present.summary(profiles.get(code), today) for code in codes]}


@router.get("/regulations/{regency_code}", response_model=RegulationDetail, response_model_exclude_unset=True)
async def regulation(regency_code: str, request: Request, as_of: AsOfDate | None = Query(None),
                     client: Client = Depends(require("eligibility:evaluate"))):
    """A regency's profile as in force on `as_of` (default today): regulation, schemes with each
    condition's requirement and article, interpretations, programmes run, version."""
    client.require_regency(regency_code)
    with rules_as_problems():
        profile = profiles_of(runtime_of(request)).get(regency_code)
    return present.detail(profile, as_of or dt.date.today())
