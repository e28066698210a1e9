import uuid

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from contribution_aid import acts
from contribution_aid.decrees import service
from contribution_aid.decrees.document import decree_document, decree_draft
from contribution_aid.decrees.schemas import DecreeIn, DecreeList, DecreeView
from shared.app import runtime_of
from shared.approvals.flow import perform
from shared.approvals.views import PROPOSAL_RESPONSES, reason_query
from shared.auth import Client, require
from shared.paging import Paging, only_params, paging

router = APIRouter(tags=["decrees"])


@router.post("/decrees", status_code=201, response_model=DecreeView, response_model_exclude_unset=True,
             responses=PROPOSAL_RESPONSES, description=(
        "A new recipient list (its additions and reductions against the previous one). A person's decree that "
        "the regency's approvals.yaml controls is a proposal: 202 `{approval_id, state: pending}`; the list is "
        "drawn again from the state at approval."))
async def issue(body: DecreeIn, request: Request, reason: str | None = Depends(reason_query),
                client: Client = Depends(require("aid:write"))):
    return await perform(runtime_of(request).sessions, client, acts.ISSUE_DECREE, body, reason)


@router.get("/decrees", response_model=DecreeList, response_model_exclude_unset=True, description=(
        "Keputusan Bupati penerima bantuan / a regency's recipient decrees (docs/API.md §13), by decree date; "
        "filter `scheme` (vocabulary `schemes`); cursor paging; `count` is the page's."))
async def list_decrees(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                       scheme: str | None = Query(default=None, max_length=100), page: Paging = Depends(paging),
                       client: Client = Depends(require("aid:read"))):
    """Daftar keputusan / list decrees."""
    only_params(request, ("regency_code", "scheme"))
    return await service.list_decrees(runtime_of(request).sessions, client, regency_code, scheme, page)


@router.get("/decrees/{decree_id}", response_model=DecreeView, response_model_exclude_unset=True)
async def read(decree_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    """The decree with its recipients' participant ids, in rank order: what the registry's
    export sends to BPJS."""
    return await service.get_decree(runtime_of(request).sessions, client, decree_id)


@router.get("/decrees/{decree_id}/document.{fmt}", response_class=Response,
            responses={200: {"content": {"application/pdf": {}, "application/vnd.openxmlformats-officedocument"
                                         ".spreadsheetml.sheet": {}}}})
async def document(decree_id: uuid.UUID, request: Request, fmt: str = Path(pattern=r"^(pdf|xlsx)$"),
                   client: Client = Depends(require("aid:read"))):
    """The Keputusan Bupati with its lampiran (recipient list): PDF, or the lampiran as XLSX. Issued
    once through the document register under the decree's number; the same bytes afterwards."""
    name, media, body = await decree_document(runtime_of(request).sessions, client, decree_id, fmt)
    return Response(body, media_type=media, headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/decrees/proposals/{approval_id}/document.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
async def draft(approval_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    """Konsep keputusan / the draft of a decree proposal waiting for its approval: marked KONSEP on every
    page, without number, signer's name, signature or verification code, and never registered. Once
    approved the decree is issued and signed at `/v1/decrees/{id}/document.pdf` (this answers 409)."""
    name, body = await decree_draft(runtime_of(request).sessions, client, approval_id)
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{name}"', "X-Document-Status": "konsep"})
