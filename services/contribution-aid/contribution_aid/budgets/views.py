import uuid

from fastapi import APIRouter, Depends, Query, Request

from contribution_aid import acts
from contribution_aid.budgets import service
from contribution_aid.budgets.schemas import AmendmentIn, BudgetIn, BudgetList, BudgetView
from contribution_aid.rules import policy_for
from shared.app import runtime_of
from shared.approvals.flow import perform
from shared.approvals.views import PROPOSAL_RESPONSES, reason_query
from shared.auth import Client, require
from shared.paging import Paging, only_params, paging
from shared.vocabularies import check_ids

router = APIRouter(tags=["budgets"])


@router.post("/budgets", status_code=201, response_model=BudgetView, response_model_exclude_unset=True)
async def create(body: BudgetIn, request: Request, client: Client = Depends(require("aid:write"))):
    client.require_regency(body.regency_code)
    return await service.create_budget(runtime_of(request).sessions, client, body)


@router.get("/budgets", response_model=BudgetList, response_model_exclude_unset=True, description=(
        "Anggaran satu kabupaten / a regency's budgets (docs/API.md §13): filters `fiscal_year`, `funding_source` "
        "(vocabulary `funding_sources`); cursor paging (`limit`, `cursor` → `next_cursor`); `count` is the page's."))
async def list_budgets(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                       fiscal_year: int | None = Query(default=None, ge=2000, le=2100),
                       funding_source: str | None = Query(default=None, max_length=32),
                       page: Paging = Depends(paging), client: Client = Depends(require("aid:read"))):
    """Daftar anggaran / list budgets."""
    only_params(request, ("regency_code", "fiscal_year", "funding_source"))
    if funding_source is not None:
        check_ids("funding_source", funding_source, policy_for(regency_code).sources,
                  vocabulary="funding_sources", regency_code=regency_code)
    return await service.list_budgets(runtime_of(request).sessions, client, regency_code, fiscal_year, page,
                                      funding_source)


@router.get("/budgets/{budget_id}", response_model=BudgetView, response_model_exclude_unset=True)
async def read(budget_id: uuid.UUID, request: Request, months: int | None = Query(default=None, ge=1, le=12),
               client: Client = Depends(require("aid:read"))):
    return await service.get_budget(runtime_of(request).sessions, client, budget_id, months)


@router.post("/budgets/{budget_id}/amendments", status_code=201, response_model=BudgetView,
             response_model_exclude_unset=True, responses=PROPOSAL_RESPONSES, description=(
        "A recorded change of the amount. A person's amendment that the regency's approvals.yaml controls is a "
        "proposal: 202 `{approval_id, state: pending}` (docs/API.md §14)."))
async def amend(budget_id: uuid.UUID, body: AmendmentIn, request: Request, reason: str | None = Depends(reason_query),
                client: Client = Depends(require("aid:write"))):
    payload = acts.BudgetAmendment(budget_id=budget_id, **body.model_dump())
    return await perform(runtime_of(request).sessions, client, acts.AMEND_BUDGET, payload, reason)
