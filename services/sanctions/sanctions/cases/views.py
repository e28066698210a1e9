"""Case endpoints (docs/API.md §9): translate HTTP to the case handlers and back."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from sanctions.cases import acts, listing, service
from sanctions.cases.letters import KINDS, decision_draft, letter_pdf
from sanctions.cases.listing import CaseSummary
from sanctions.cases.schemas import CaseIn, CaseView, DecisionIn, EvidenceIn
from shared.app import runtime_of
from shared.approvals.flow import perform
from shared.approvals.views import PROPOSAL_RESPONSES, reason_query
from shared.auth import Client, require
from shared.openapi import binary
from shared.paging import Page, Paging, only_params, paging

router = APIRouter(tags=["cases"])


@router.post("/cases", status_code=201, response_model=CaseView,
             responses={200: {"model": CaseView, "description": "Bergabung ke kasus terbuka / Joined the open case"}},
             description=(
        "Report a finding against an employer. 201 with `id` when it opens a case; a finding for the same "
        "subject and violation as an open case joins it: 200, the same `id`, `joined: true`. A violation the "
        "regency does not sanction (or not for this subject) is a 422 citing the article."))
async def report(body: CaseIn, request: Request, client: Client = Depends(require("sanctions:write"))):
    runtime = runtime_of(request)
    status, view = await service.report_finding(runtime.sessions, client, body, runtime.extras["employers"])
    return JSONResponse(view, status_code=status)


@router.get("/cases", response_model=Page[CaseSummary], responses={200: {"content": {"text/csv": {}}}},
            description=(
        "Daftar kasus satu kabupaten / the cases of one regency (docs/API.md §13), in the order they were opened. "
        "Filters: `state` (vocabulary `case_states`), `employer_id`, `violation` (vocabulary `violations`), "
        "`due_before` (the current step's deadline before that date). `format=csv` exports every matching case "
        "with Indonesian headers. An unknown filter or value is a 422."))
async def list_cases(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                     state: str | None = Query(default=None, max_length=50),
                     employer_id: uuid.UUID | None = None,
                     violation: str | None = Query(default=None, max_length=100),
                     due_before: dt.date | None = None, format: Literal["json", "csv"] = "json",
                     page: Paging = Depends(paging), client: Client = Depends(require("sanctions:read"))):
    """Daftar kasus / list cases."""
    only_params(request, listing.FILTERS)
    filters = {"regency_code": regency_code, "state": state, "employer_id": employer_id, "violation": violation,
               "due_before": due_before}
    if format == "csv":
        return await listing.export_cases(runtime_of(request).sessions, client, **filters)
    return await listing.list_cases(runtime_of(request).sessions, client, page, **filters)


@router.get("/cases/{case_id}", response_model=CaseView)
async def read(case_id: uuid.UUID, request: Request, client: Client = Depends(require("sanctions:read"))):
    return await service.get_case(runtime_of(request).sessions, client, case_id)


@router.post("/cases/{case_id}/decisions", response_model=CaseView, responses=PROPOSAL_RESPONSES, description=(
        "The regency's decision: `impose` (422 naming each missing prerequisite with its article), `reject`, "
        "or `lift` for a regency that lifts by decree. 200 with the case. A person's `impose`/`lift` that the "
        "regency's approvals.yaml controls is a proposal: 202 `{approval_id, state: pending}` (docs/API.md §14)."))
async def decide(case_id: uuid.UUID, body: DecisionIn, request: Request, reason: str | None = Depends(reason_query),
                 client: Client = Depends(require("sanctions:write"))):
    payload = acts.CaseDecision(case_id=case_id, **body.model_dump())
    return await perform(runtime_of(request).sessions, client, acts.DECISION, payload, reason)


@router.post("/cases/{case_id}/evidence", response_model=CaseView, description=(
        "A ladder step, a further finding or a proof of compliance. The sanction is lifted as soon as every "
        "lifting condition of the regency holds (the answer's `decision.missing` lists those that do not). "
        "200 with the case; the same evidence twice changes nothing. A person's evidence that would lift a "
        "sanction the regency's approvals.yaml controls is a proposal: 202 `{approval_id, state: pending}`."),
             responses=PROPOSAL_RESPONSES)
async def add_evidence(case_id: uuid.UUID, body: EvidenceIn, request: Request,
                       reason: str | None = Depends(reason_query),
                       client: Client = Depends(require("sanctions:write"))):
    payload = acts.CaseEvidence(case_id=case_id, **body.model_dump())
    return await perform(runtime_of(request).sessions, client, acts.EVIDENCE, payload, reason)


@router.get("/cases/{case_id}/letters/{kind}", response_class=Response,
            responses=binary("application/pdf"))
async def letter(case_id: uuid.UUID, kind: Literal[KINDS], request: Request,
                 client: Client = Depends(require("sanctions:read"))):
    """The letter from the document register: issued (numbered, signed, hashed, stored) on the first
    request, the same bytes afterwards. `request` asks the employer to comply; `sanction_request`
    asks the regent for TMP2T."""
    name, pdf = await letter_pdf(runtime_of(request).sessions, client, case_id, kind)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/cases/proposals/{approval_id}/letters/decision", response_class=Response,
            responses=binary("application/pdf"))
async def decision_konsep(approval_id: uuid.UUID, request: Request,
                          client: Client = Depends(require("sanctions:read"))):
    """Konsep keputusan / the decision a pending proposal (impose or lift) would take, marked KONSEP on
    every page, without number, date, signer's name, signature or verification code, never registered.
    Once approved the decision is issued and signed at `/v1/cases/{id}/letters/decision` (this answers 409)."""
    name, pdf = await decision_draft(runtime_of(request).sessions, client, approval_id)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"',
                                                                "X-Document-Status": "konsep"})
