import uuid

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from contribution_aid import acts
from contribution_aid.invoices import imports, lines, service
from contribution_aid.invoices.schemas import (
    MONTH,
    DiscrepancyList,
    InvoiceHeader,
    InvoiceImportErrors,
    InvoiceImportView,
    InvoiceIn,
    InvoiceView,
    PaymentIn,
)
from contribution_aid.participants.directory import ParticipantDirectory
from shared.app import runtime_of
from shared.approvals.flow import perform
from shared.approvals.views import PROPOSAL_RESPONSES, reason_query
from shared.auth import Client, require
from shared.ratelimit import expensive

router = APIRouter(tags=["invoices"])


def _directory(request: Request) -> ParticipantDirectory:
    return runtime_of(request).extras["directory"]


@router.post("/invoices", status_code=201, dependencies=[Depends(expensive)], response_model=InvoiceView,
             response_model_exclude_unset=True)
async def import_json(body: InvoiceIn, request: Request, client: Client = Depends(require("aid:write"))):
    """An invoice as JSON, imported at once (body up to 4 MiB, about 50,000 lines; 413 beyond):
    larger invoices go through POST /v1/invoices/csv and the job runner."""
    header = InvoiceHeader(**body.model_dump(exclude={"lines"}))
    return await service.import_invoice(runtime_of(request).sessions, client, header,
                                        lines.from_json(body.lines, body.period), _directory(request))


@router.post("/invoices/csv", status_code=202, dependencies=[Depends(expensive)], response_model=InvoiceImportView)
async def import_csv(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                     reference: str = Query(min_length=1, max_length=200), period: str = Query(pattern=MONTH),
                     budget_id: list[uuid.UUID] = Query(min_length=1, max_length=100),
                     client: Client = Depends(require("aid:write"))):
    """The import for large files (up to 64 MiB; 413 beyond): a CSV body with
    `participant_id,period,amount` (or `nik` instead of `participant_id`; `;` or tab separated
    too; NDJSON or a JSON array of the same objects also read). Answers 202 with the import; the
    worker stores and reconciles it (a file with any bad line is refused whole): poll
    GET /v1/invoice-imports/{id} for `invoice_id`, row errors at /v1/invoice-imports/{id}/errors."""
    header = InvoiceHeader(regency_code=regency_code, reference=reference, period=period, budget_ids=budget_id)
    started = await imports.submit(runtime_of(request), client, header, request)
    return JSONResponse(started, status_code=202, headers={"Location": started["links"]["self"]})


@router.get("/invoice-imports/{import_id}", response_model=InvoiceImportView, response_model_exclude_unset=True)
async def import_status(import_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    """Progress of a large invoice import: status queued | running | completed | failed, rows_done,
    row_errors, and the invoice once completed."""
    return await imports.import_status(runtime_of(request).sessions, client, import_id)


@router.get("/invoice-imports/{import_id}/errors", response_model=InvoiceImportErrors,
            response_model_exclude_unset=True)
async def import_errors(import_id: uuid.UUID, request: Request, after: int = Query(default=0, ge=0, le=2**62),
                        limit: int = Query(default=1000, ge=1, le=10000),
                        client: Client = Depends(require("aid:read"))):
    return await imports.import_errors(runtime_of(request).sessions, client, import_id, after=after, limit=limit)


@router.get("/invoices/{invoice_id:uuid}", response_model=InvoiceView, response_model_exclude_unset=True)
async def read(invoice_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    return await service.get_invoice(runtime_of(request).sessions, client, invoice_id)


@router.get("/invoices/{invoice_id}/discrepancies", response_model=DiscrepancyList, response_model_exclude_unset=True)
async def discrepancies(invoice_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    items = await service.discrepancies(runtime_of(request).sessions, client, invoice_id)
    return {"items": items, "count": len(items)}


@router.post("/invoices/{invoice_id}/payments", status_code=201, response_model=InvoiceView,
             response_model_exclude_unset=True,
             responses=PROPOSAL_RESPONSES, description=(
        "The treasurer's transfer. A person's payment that the regency's approvals.yaml controls is a proposal: "
        "202 `{approval_id, state: pending}` (docs/API.md §14)."))
async def pay(invoice_id: uuid.UUID, body: PaymentIn, request: Request, reason: str | None = Depends(reason_query),
              client: Client = Depends(require("aid:treasurer"))):
    payload = acts.InvoicePayment(invoice_id=invoice_id, **body.model_dump())
    return await perform(runtime_of(request).sessions, client, acts.PAY_INVOICE, payload, reason)
