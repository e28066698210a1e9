import uuid

from fastapi import APIRouter, Depends, Query, Request

from contribution_aid import acts
from contribution_aid.invoices import lines, service
from contribution_aid.invoices.schemas import MONTH, InvoiceHeader, InvoiceIn, PaymentIn
from contribution_aid.participants.directory import ParticipantDirectory
from shared.app import runtime_of
from shared.approvals.flow import perform
from shared.approvals.views import PROPOSAL_RESPONSES, reason_query
from shared.auth import Client, require

router = APIRouter(tags=["invoices"])


def _directory(request: Request) -> ParticipantDirectory:
    return runtime_of(request).extras["directory"]


@router.post("/invoices", status_code=201)
async def import_json(body: InvoiceIn, request: Request, client: Client = Depends(require("aid:write"))):
    header = InvoiceHeader(**body.model_dump(exclude={"lines"}))
    return await service.import_invoice(runtime_of(request).sessions, client, header,
                                        lines.from_json(body.lines, body.period), _directory(request))


@router.post("/invoices/csv", status_code=201)
async def import_csv(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                     reference: str = Query(min_length=1, max_length=200), period: str = Query(pattern=MONTH),
                     budget_id: list[uuid.UUID] = Query(min_length=1, max_length=100),
                     client: Client = Depends(require("aid:write"))):
    """The same import for large files: a CSV body with `participant_id,period,amount` (or `nik`
    instead of `participant_id`)."""
    header = InvoiceHeader(regency_code=regency_code, reference=reference, period=period, budget_ids=budget_id)
    client.require_regency(regency_code)  # before parsing a file of a hundred thousand lines
    return await service.import_invoice(runtime_of(request).sessions, client, header,
                                        lines.from_csv(await request.body(), period), _directory(request))


@router.get("/invoices/{invoice_id}")
async def read(invoice_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    return await service.get_invoice(runtime_of(request).sessions, client, invoice_id)


@router.get("/invoices/{invoice_id}/discrepancies")
async def discrepancies(invoice_id: uuid.UUID, request: Request, client: Client = Depends(require("aid:read"))):
    items = await service.discrepancies(runtime_of(request).sessions, client, invoice_id)
    return {"items": items, "count": len(items)}


@router.post("/invoices/{invoice_id}/payments", status_code=201, responses=PROPOSAL_RESPONSES, description=(
        "The treasurer's transfer. A person's payment that the regency's approvals.yaml controls is a proposal: "
        "202 `{approval_id, state: pending}` (docs/API.md §14)."))
async def pay(invoice_id: uuid.UUID, body: PaymentIn, request: Request, reason: str | None = Depends(reason_query),
              client: Client = Depends(require("aid:treasurer"))):
    payload = acts.InvoicePayment(invoice_id=invoice_id, **body.model_dump())
    return await perform(runtime_of(request).sessions, client, acts.PAY_INVOICE, payload, reason)
