"""Bantuan iuran (contribution aid, issue 15 item 5): budgets (pagu) by funding source with their quota
and what is left, decree drafting -> approval (two-person, contribution-aid /v1/approvals) -> the decree
document, allocations, invoices with each discrepancy explained, treasurer payments under two-person
control, and the accountability file. Invoice files are imported at /impor."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from console.backoffice import formats
from console.backoffice.api import Answer, call
from console.backoffice.bantuan_ranking import router as ranking_router
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.people_kit import choices, pass_file, regency_of, vocabularies
from console.backoffice.peserta import person_page
from console.backoffice.session import Staff
from console.backoffice.views import PROPOSED, render, service_url

router = APIRouter(route_class=PageRoute, include_in_schema=False)
AID = "contribution_aid"
# what each reconciliation finding means for the treasurer (contribution_aid/domain/reconciliation.py):
# by kind, and by "kind:detail" where the detail says more
DISCREPANCIES = {
    "unknown_person": "Orang yang ditagih tidak dikenal sebagai penerima bantuan pembayar ini: jangan dibayar "
                      "sebelum BPJS menunjukkan dasar penagihannya.",
    "unknown_person:not_in_registry": "Orang yang ditagih tidak terdaftar sebagai peserta di kabupaten ini: "
                                      "jangan dibayar sebelum BPJS menunjukkan dasar penagihannya.",
    "unknown_person:no_allocation_for_period": "Peserta terdaftar, tetapi tidak ada alokasi dari pagu pembayar "
                                               "ini untuk bulan itu: tidak dibayar.",
    "amount_mismatch": "Jumlah tagihan berbeda dari iuran bulanan yang dialokasikan: dibayar sebesar alokasi, "
                       "selisihnya dimintakan koreksi kepada BPJS.",
    "amount_mismatch:duplicate_line": "Baris ganda: orang dan bulan yang sama sudah ditagih pada baris lain.",
    "amount_mismatch:invalid_period": "Bulan tagihan pada baris ini tidak valid.",
    "already_protected_elsewhere": "Pada bulan itu peserta sudah dilindungi kepesertaan lain (pemberi kerja atau "
                                   "mandiri): tagihan bantuan untuknya ganda.",
    "already_protected_elsewhere:funded_by_other_budget": "Bulan itu sudah dibiayai pagu pembayar lain: tagihan "
                                                          "ini ganda.",
    "terminated_recipient": "Bantuan sudah dihentikan dengan keputusan; bulan sesudah penghentian tidak dibayar.",
    "deceased_recipient": "Peserta sudah meninggal dunia; bulan sesudahnya tidak dibayar.",
}


def explain(kind: str, detail: str | None) -> str:
    """The treasurer's reading of one reconciliation finding."""
    return DISCREPANCIES.get(f"{kind}:{detail}") or DISCREPANCIES.get(kind) or kind


ACTS = {"decree.issue": "Keputusan penerima bantuan", "payment.record": "Pembayaran iuran kepada BPJS",
        "budget.amend": "Perubahan pagu", "aid.end": "Penghentian bantuan"}
INVOICE_FILTERS = ("period", "status", "funding_source", "cursor")
STATUSES = {"reconciled": "Sudah dicocokkan", "paid": "Sudah dibayar", "partially_paid": "Dibayar sebagian"}


async def _aid(request: Request, staff: Staff, method: str, path: str, **kw) -> Answer:
    return await call(service_url(request, AID), staff, method, path, **kw)


@router.get("/bantuan", response_class=HTMLResponse)
async def budgets(request: Request, staff: Staff = SignedIn):
    return await _budgets(request, staff)


async def _budgets(request: Request, staff: Staff, answer: Answer | None = None, form: dict | None = None):
    year = request.query_params.get("tahun") or str(dt.date.today().year)
    params = {"regency_code": regency_of(staff), "fiscal_year": year}
    if request.query_params.get("funding_source"):
        params["funding_source"] = request.query_params["funding_source"]
    listed = await _aid(request, staff, "GET", "/v1/budgets", params=params)
    terms = await vocabularies(request, staff, AID)
    return render("bantuan/budgets.html", staff, listed=listed, sources=choices(terms.get("funding_sources")),
                  schemes=choices(terms.get("schemes")), year=year, filter=params, form=form or {"fiscal_year": year},
                  answer=answer, current="/bantuan")


@router.post("/bantuan/pagu", response_class=HTMLResponse)
async def budget_create(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    amount, year = form.get("amount", "").replace(".", ""), form.get("fiscal_year", "")
    body = {"regency_code": regency_of(staff), "funding_source": form.get("funding_source") or None,
            "fiscal_year": int(year) if year.isdigit() else None, "amount": int(amount) if amount.isdigit() else None,
            "scheme": form.get("scheme") or None}
    answer = await _aid(request, staff, "POST", "/v1/budgets", json=body)
    if answer.ok:
        return RedirectResponse(f"/bantuan?tahun={body['fiscal_year']}", status_code=303)
    return await _budgets(request, staff, answer, form)


@router.get("/bantuan/pagu/{budget_id}/pertanggungjawaban.{fmt}")
async def accountability(budget_id: uuid.UUID, fmt: Literal["pdf", "xlsx", "zip"], request: Request,
                         staff: Staff = SignedIn):
    """The accountability file (Berau Pasal 23–24; the evidence the aid service holds elsewhere): the printable
    PDF or its XLSX (a KONSEP until the period has ended and the file is complete, then the registered,
    signed document), or the ZIP of the underlying data."""
    params = {k: request.query_params[k] for k in ("period_start", "period_end") if request.query_params.get(k)}
    path = (f"/v1/budgets/{budget_id}/accountability" if fmt == "zip"
            else f"/v1/budgets/{budget_id}/accountability/document.{fmt}")
    return await pass_file(request, staff, AID, path, "Pertanggungjawaban", params)


@router.get("/bantuan/keputusan", response_class=HTMLResponse)
async def decrees(request: Request, staff: Staff = SignedIn):
    return await _decrees(request, staff)


async def _decrees(request: Request, staff: Staff, answer: Answer | None = None, form: dict | None = None):
    listed = await _aid(request, staff, "GET", "/v1/decrees", params={"regency_code": regency_of(staff)})
    terms = await vocabularies(request, staff, AID)
    ranking = await vocabularies(request, staff, "eligibility")
    return render("bantuan/decrees.html", staff, listed=listed, schemes=choices(terms.get("schemes")),
                  criteria=ranking.get("ranking_criteria", []), answer=answer,
                  form=form or {"decree_date": dt.date.today().isoformat(), "months": "12"}, current="/bantuan")


@router.post("/bantuan/keputusan", response_class=HTMLResponse)
async def decree_draft(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """The officer's draft: a proposal (202) that the regency's approvals.yaml gives to the approver."""
    body = {"regency_code": regency_of(staff), "scheme": form.get("scheme") or None,
            "number": form.get("number") or None, "decree_date": form.get("decree_date") or None,
            "months": int(form["months"]) if form.get("months", "").isdigit() else 12}
    if form.get("quota", "").isdigit():
        body["quota"] = int(form["quota"])
    ranking = (await request.form()).getlist("ranking")  # the order of /bantuan/peringkat, when used
    if ranking:
        body["ranking"] = ranking
    answer = await _aid(request, staff, "POST", "/v1/decrees", json=body)
    if answer.status == 202:
        return RedirectResponse(f"/bantuan/persetujuan/{answer.body['approval_id']}", status_code=303)
    if answer.ok:
        return RedirectResponse(f"/bantuan/keputusan/{answer.body['id']}", status_code=303)
    return await _decrees(request, staff, answer, form)


@router.get("/bantuan/keputusan/{decree_id}", response_class=HTMLResponse)
async def decree_page(decree_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    found = await _aid(request, staff, "GET", f"/v1/decrees/{decree_id}")
    if not found.ok:
        return render("message.html", staff, 200, title="Keputusan", text=found.message)
    reasons = choices((await vocabularies(request, staff, "registry")).get("termination_reasons"))
    return render("bantuan/decree.html", staff, decree=found.body, reasons=reasons, current="/bantuan")


@router.get("/bantuan/keputusan/{decree_id}/dokumen.{fmt}")
async def decree_document(decree_id: uuid.UUID, fmt: str, request: Request, staff: Staff = SignedIn):
    """The Keputusan Bupati from the document register (issued once under the decree's number)."""
    if fmt not in ("pdf", "xlsx"):
        return render("message.html", staff, 404, title="Keputusan", text="Halaman tidak ditemukan.")
    return await pass_file(request, staff, AID, f"/v1/decrees/{decree_id}/document.{fmt}", "Dokumen keputusan")


@router.get("/bantuan/persetujuan", response_class=HTMLResponse)
async def approvals(request: Request, staff: Staff = SignedIn):
    pending = await _aid(request, staff, "GET", "/v1/approvals",
                         params={"regency_code": regency_of(staff), "state": "pending"})
    return render("bantuan/approvals.html", staff, pending=pending, one=None, acts=ACTS, answer=None,
                  current="/bantuan")


@router.get("/bantuan/persetujuan/{approval_id}", response_class=HTMLResponse)
async def approval_page(approval_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await _approval(request, staff, approval_id)


async def _approval(request: Request, staff: Staff, approval_id: uuid.UUID, answer: Answer | None = None):
    one = await _aid(request, staff, "GET", f"/v1/approvals/{approval_id}")
    if not one.ok:
        return render("message.html", staff, 200, title="Persetujuan", text=one.message)
    return render("bantuan/approvals.html", staff, pending=None, one=one.body, acts=ACTS, answer=answer,
                  notice=PROPOSED if one.body["maker"]["id"] == str(staff.person.id) else None,
                  current="/bantuan")


@router.post("/bantuan/persetujuan/{approval_id}", response_class=HTMLResponse)
async def approval_decide(approval_id: uuid.UUID, request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """The second person approves or rejects (docs/API.md §14); the approved act runs then."""
    answer = await _aid(request, staff, "POST", f"/v1/approvals/{approval_id}/decisions",
                        json={"decision": form.get("decision"), "note": form.get("note") or None})
    if not answer.ok:
        return await _approval(request, staff, approval_id, answer)
    result = answer.body.get("result") or {}
    if answer.body["act"] == "decree.issue" and result.get("id"):
        return RedirectResponse(f"/bantuan/keputusan/{result['id']}", status_code=303)
    invoice = answer.body.get("payload", {}).get("invoice_id")
    if answer.body["act"] == "payment.record" and invoice:
        return RedirectResponse(f"/bantuan/tagihan/{invoice}", status_code=303)
    return RedirectResponse(f"/bantuan/persetujuan/{approval_id}", status_code=303)


@router.get("/bantuan/alokasi", response_class=HTMLResponse)
async def allocations(request: Request, staff: Staff = SignedIn):
    params = {"regency_code": regency_of(staff), "limit": 100}
    if request.query_params.get("cursor"):
        params["cursor"] = request.query_params["cursor"]
    listed = await _aid(request, staff, "GET", "/v1/allocations", params=params)
    return render("bantuan/allocations.html", staff, listed=listed, current="/bantuan")


@router.get("/bantuan/alokasi.csv")
async def allocations_csv(request: Request, staff: Staff = SignedIn):
    return await pass_file(request, staff, AID, "/v1/allocations", "Alokasi",
                           {"regency_code": regency_of(staff), "format": "csv"})


@router.post("/bantuan/alokasi", response_class=HTMLResponse)
async def allocate(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """From a person's page: months of a budget for that person (refusals come back next to the fields)."""
    body = {"budget_id": form.get("budget_id") or None, "participant_id": form.get("participant_id"),
            "months": int(form["months"]) if form.get("months", "").isdigit() else None,
            "start_month": form.get("start_month") or None}
    answer = await _aid(request, staff, "POST", "/v1/allocations", json=body)

    if answer.ok:
        notice = f"Bantuan iuran dialokasikan: {formats.rupiah(answer.body['amount'])}."
        return await person_page(request, staff, uuid.UUID(body["participant_id"]), notice=notice)
    return await person_page(request, staff, uuid.UUID(body["participant_id"]), answer=answer,
                             form={**form, "_action": "alokasi"})


@router.get("/bantuan/tagihan", response_class=HTMLResponse)
async def invoices(request: Request, staff: Staff = SignedIn):
    query = {k: v for k, v in request.query_params.items() if k in INVOICE_FILTERS and v}
    listed = await _aid(request, staff, "GET", "/v1/invoices", params={"regency_code": regency_of(staff), **query})
    terms = await vocabularies(request, staff, AID)
    return render("bantuan/invoices.html", staff, listed=listed, form=query, statuses=STATUSES,
                  sources=choices(terms.get("funding_sources")), current="/bantuan")


async def _invoice(request: Request, staff: Staff, invoice_id: uuid.UUID, answer: Answer | None = None,
                   form: dict | None = None, notice: str | None = None):
    found = await _aid(request, staff, "GET", f"/v1/invoices/{invoice_id}")
    if not found.ok:
        return render("message.html", staff, 200, title="Tagihan", text=found.message)
    found_lines = await _aid(request, staff, "GET", f"/v1/invoices/{invoice_id}/discrepancies")
    return render("bantuan/invoice.html", staff, invoice=found.body, lines=found_lines, explain=explain,
                  statuses=STATUSES, answer=answer, form=form or {"amount": str(found.body.get("matched_total") or "")},
                  notice=notice, current="/bantuan")


@router.get("/bantuan/tagihan/{invoice_id}", response_class=HTMLResponse)
async def invoice_page(invoice_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await _invoice(request, staff, invoice_id)


@router.post("/bantuan/tagihan/{invoice_id}/bayar", response_class=HTMLResponse)
async def pay(invoice_id: uuid.UUID, request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """The treasurer records the transfer; the regency's approver decides it (two-person control)."""
    amount = form.get("amount", "").replace(".", "")
    body = {"transfer_reference": form.get("transfer_reference") or None, "paid_on": form.get("paid_on") or None,
            "amount": int(amount) if amount.isdigit() else None}
    answer = await _aid(request, staff, "POST", f"/v1/invoices/{invoice_id}/payments", json=body)
    if answer.status == 202:
        return await _invoice(request, staff, invoice_id, notice=PROPOSED)
    if answer.ok:
        return RedirectResponse(f"/bantuan/tagihan/{invoice_id}", status_code=303)
    return await _invoice(request, staff, invoice_id, answer, form)


@router.get("/bantuan/tagihan/{invoice_id}/selisih.csv")
async def discrepancies_csv(invoice_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await pass_file(request, staff, AID, f"/v1/invoices/{invoice_id}/discrepancies.csv", "Selisih tagihan")


router.include_router(ranking_router)  # /bantuan/peringkat lives in its own module
