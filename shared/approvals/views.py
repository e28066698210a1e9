"""`/v1/approvals` on every service that owns controlled acts (docs/API.md §14, lists per §13)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from shared.app import runtime_of
from shared.approvals import flow
from shared.approvals.acts import Acts
from shared.approvals.machine import STATES
from shared.approvals.policy import ACT_RULES
from shared.auth import Client, require
from shared.openapi import TEXT_PATTERN
from shared.paging import only_params

State = Literal[STATES]
ActName = Literal[tuple(sorted(ACT_RULES))]
# what shared/text_input.py refuses (C0 and C1 controls but tab and newline, docs/API.md §4): one pattern
TEXT = TEXT_PATTERN
LIST_FILTERS = {"regency_code", "state", "act"}


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    decision: Literal["approve", "reject"]
    note: str | None = Field(default=None, max_length=2000, pattern=TEXT, description="required to reject")


class ProposalAccepted(BaseModel):
    """The 202 answer of a controlled act taken by a person: nothing took effect yet."""

    approval_id: uuid.UUID
    state: Literal["pending"]
    act: str
    levels_required: int


class PersonRef(BaseModel):
    id: str
    name: str
    nip: str | None = None
    client: str


class Decider(PersonRef):
    role: str
    decision: Literal["approve", "reject"]
    note: str | None = None
    level: int


class ApprovalOut(BaseModel):
    id: uuid.UUID
    act: str
    regency_code: str
    state: State
    maker: PersonRef
    reason: str | None
    payload: dict[str, Any]
    preview: Any = Field(description="what the act answered on the state when it was proposed")
    levels: list[list[str]]
    levels_done: int
    deciders: list[Decider]
    citation: str | None
    result: Any = Field(description="the act's answer once executed")
    failure: dict[str, Any] | None = Field(description="the problem the act answered when approved too late")
    created_at: dt.datetime
    decided_at: dt.datetime | None


class ApprovalList(BaseModel):
    items: list[ApprovalOut]
    next_cursor: str | None


def reason_query(reason: str | None = Query(default=None, max_length=1000, pattern=TEXT,
                                            description="why the act is proposed (kept with a proposal)")):
    return reason


def approvals_router(acts: Acts, read_scope: str) -> APIRouter:
    """Persons decide; `read_scope` lets a person or system call the list at all (visibility is per row)."""
    router = APIRouter(tags=["approvals"])

    @router.get("/approvals", response_model=ApprovalList, description=(
            "Proposals the caller made or may decide, oldest first. Filters: `regency_code`, `state`, `act`."))
    async def list_approvals(request: Request, regency_code: str | None = Query(default=None, pattern=r"^\d{4}$"),
                             state: State | None = None, act: ActName | None = None,
                             limit: int = Query(default=50, ge=1, le=500), cursor: str | None = Query(
                                 default=None, max_length=500), client: Client = Depends(require(read_scope))):
        only_params(request, LIST_FILTERS)
        return await flow.list_(runtime_of(request).sessions, client, regency_code=regency_code, state=state,
                                act=act, limit=limit, cursor=cursor)

    @router.get("/approvals/{approval_id}", response_model=ApprovalOut)
    async def read(approval_id: uuid.UUID, request: Request, client: Client = Depends(require(read_scope))):
        return await flow.get(runtime_of(request).sessions, client, approval_id)

    @router.post("/approvals/{approval_id}/decisions", response_model=ApprovalOut, description=(
            "Approve (the last level executes the stored request on today's state: a refusal then is answered "
            "as the act would answer it, and the proposal becomes `failed` with the reason) or reject (a note is "
            "required). The maker never decides their own proposal (403); a proposal decided meanwhile is a 409."))
    async def decide(approval_id: uuid.UUID, body: DecisionIn, request: Request,
                     client: Client = Depends(require(read_scope))):
        return await flow.decide(runtime_of(request).sessions, acts, client, approval_id, body.decision, body.note)

    @router.post("/approvals/{approval_id}/withdrawal", response_model=ApprovalOut,
                 description="The maker withdraws a pending proposal (anyone else: 403).")
    async def withdraw(approval_id: uuid.UUID, request: Request, client: Client = Depends(require(read_scope))):
        return await flow.withdraw(runtime_of(request).sessions, client, approval_id)

    return router


PROPOSAL_RESPONSES = {202: {"model": ProposalAccepted,
                            "description": "A person's act under two-person control: proposed, not yet in effect"}}
