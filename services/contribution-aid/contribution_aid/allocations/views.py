import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from contribution_aid.allocations import service
from contribution_aid.allocations.schemas import AllocationIn, AllocationList, AllocationView
from shared.app import runtime_of
from shared.auth import Client, require
from shared.exports import csv_response
from shared.paging import Paging, only_params, paging

router = APIRouter(tags=["allocations"])


@router.post("/allocations", status_code=201, response_model=AllocationView, response_model_exclude_unset=True)
async def allocate(body: AllocationIn, request: Request, client: Client = Depends(require("aid:write"))):
    runtime = runtime_of(request)
    elsewhere = None
    if runtime.settings.ibr_check_enabled:  # before the transaction: an HTTP call, bounded by its timeout
        elsewhere = await runtime.extras["directory"].peer_check(body.participant_id,
                                                                 runtime.settings.ibr_timeout_seconds)
    return await service.allocate(runtime.sessions, client, body, elsewhere)


@router.get("/allocations", response_model=AllocationList, response_model_exclude_unset=True,
            responses={200: {"content": {"text/csv": {}}}}, description=(
        "Alokasi bantuan iuran / aid allocations (docs/API.md §13) of a `regency_code`, a `budget_id` or a "
        "`participant_id` (one of them is required), cursor-paged in the order they were made; `format=csv` "
        "exports with Indonesian headers. Participants are named by id only."))
async def list_allocations(request: Request, regency_code: str | None = Query(default=None, pattern=r"^\d{4}$"),
                           budget_id: uuid.UUID | None = None, participant_id: uuid.UUID | None = None,
                           format: Literal["json", "csv"] = "json", page: Paging = Depends(paging),
                           client: Client = Depends(require("aid:read"))):
    """Daftar alokasi / list allocations."""
    only_params(request, ("regency_code", "budget_id", "participant_id", "format"))
    sessions = runtime_of(request).sessions
    filters = {"budget_id": budget_id, "participant_id": participant_id, "regency_code": regency_code}
    if format == "csv":
        rows = (await service.list_allocations(sessions, client, **filters))["rows"]
        return csv_response(f"alokasi-{regency_code or 'daftar'}.csv", COLUMNS, rows)
    return await service.list_allocations(sessions, client, **filters, page=page)


COLUMNS = [("ID alokasi", lambda r: str(r.id)), ("ID anggaran", lambda r: str(r.budget_id)),
           ("ID peserta", lambda r: str(r.participant_id)), ("Kabupaten", lambda r: r.regency_code),
           ("Skema", lambda r: r.scheme), ("Sumber dana", lambda r: r.funding_source),
           ("Tahun anggaran", lambda r: r.fiscal_year), ("Bulan mulai", lambda r: r.start_month),
           ("Jumlah bulan", lambda r: r.months), ("Iuran per bulan", lambda r: r.monthly_amount),
           ("Jumlah (Rp)", lambda r: r.amount), ("Tanggal keputusan", lambda r: r.decided_on.isoformat())]


@router.get("/allocations/{allocation_id}", response_model=AllocationView, response_model_exclude_unset=True)
async def read(allocation_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    return await service.get_allocation(runtime_of(request).sessions, client, allocation_id)
