"""`GET /v1/invoices` (docs/API.md §13): a regency's BPJS invoices, cursor-paged in import order,
and the CSV export of one invoice's discrepancies for the treasurer (Indonesian headers)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import func, select

from contribution_aid.invoices import service
from contribution_aid.invoices.models import InvoiceRow
from contribution_aid.rules import policy_for
from shared.app import runtime_of
from shared.auth import Client, require
from shared.exports import csv_response
from shared.openapi import binary
from shared.paging import Page, Paging, keyset, only_params, page_of, paging
from shared.vocabularies import check_ids

router = APIRouter(tags=["lists"])


class InvoiceSummary(BaseModel):
    """Satu tagihan BPJS / one BPJS invoice."""

    id: uuid.UUID
    regency_code: str
    reference: str
    period: str
    funding_source: str
    line_count: int
    matched: int
    billed_total: int
    matched_total: int
    status: str
    created_at: dt.datetime


@router.get("/invoices", response_model=Page[InvoiceSummary], description=(
        "Tagihan iuran BPJS satu kabupaten / a regency's BPJS invoices (docs/API.md §13). Filters: `period` "
        "(YYYY-MM), `status` (`reconciled`, `paid`), `funding_source` (vocabulary `funding_sources`)."))
async def list_invoices(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                        period: str | None = Query(default=None, pattern=r"^\d{4}-\d{2}$"),
                        status: Literal["reconciled", "paid"] | None = None,
                        funding_source: str | None = Query(default=None, max_length=32),
                        page: Paging = Depends(paging), client: Client = Depends(require("aid:read"))):
    """Daftar tagihan / list invoices."""
    only_params(request, ("regency_code", "period", "status", "funding_source"))
    client.require_regency(regency_code)
    if funding_source is not None:
        check_ids("funding_source", funding_source, policy_for(regency_code).sources, vocabulary="funding_sources",
                  regency_code=regency_code)
    i = InvoiceRow
    conditions = [i.regency_code == regency_code, i.period == period if period else None,
                  i.status == status if status else None,
                  i.funding_source == funding_source if funding_source else None]
    statement = select(i).where(*[c for c in conditions if c is not None])
    async with runtime_of(request).sessions() as session:
        rows = list((await session.execute(keyset(statement, (i.created_at, i.id), page))).scalars())
        total = (await session.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()
    return page_of(rows, page, lambda r: (r.created_at, r.id), _invoice, total)


def _invoice(r: InvoiceRow) -> dict[str, Any]:
    return {"id": r.id, "regency_code": r.regency_code, "reference": r.reference, "period": r.period,
            "funding_source": r.funding_source, "line_count": r.line_count, "matched": r.matched,
            "billed_total": r.billed_total, "matched_total": r.matched_total, "status": r.status,
            "created_at": r.created_at}


COLUMNS = [("Baris", lambda d: d["line_no"]), ("Jenis selisih", lambda d: d["kind"]),
           ("ID peserta", lambda d: d["participant_id"]), ("NIK (tersamar)", lambda d: d["nik"]),
           ("Periode", lambda d: d["period"]), ("Ditagih (Rp)", lambda d: d["billed"]),
           ("Seharusnya (Rp)", lambda d: d["expected"]), ("Keterangan", lambda d: d["detail"])]


@router.get("/invoices/{invoice_id}/discrepancies.csv", response_class=Response, responses=binary("text/csv"),
            description=(
        "Selisih tagihan sebagai CSV / an invoice's discrepancies as CSV with Indonesian headers (NIKs masked)."))
async def export_discrepancies(invoice_id: uuid.UUID, request: Request,
                               client: Client = Depends(require("aid:read"))):
    """Ekspor selisih tagihan / export an invoice's discrepancies."""
    items = await service.discrepancies(runtime_of(request).sessions, client, invoice_id)
    return csv_response(f"selisih-tagihan-{invoice_id}.csv", COLUMNS, items)
