"""The accountability file as a printable, signed document (Berau Pasal 23; the other four regencies' file of the same
evidence): a KONSEP without number or signature while evidence is missing, then issued once through
the register (number, kop, signer with NIP, SHA-256, PAdES) with its lampiran, in PDF and XLSX."""
from __future__ import annotations

import hashlib
import io
import re

import pytest
from openpyxl import load_workbook

from shared.documents import documents_profile
from tests.documents_support import pdftotext, save_png
from tests.integration.aid.conftest import allocate, new_budget

PDF, XLSX = "document.pdf", "document.xlsx"
MARCH = {"period_start": "2026-03", "period_end": "2026-03"}


SCHEMES = {"6207": "aid_recipient_verification"}  # the others' aid scheme is vulnerable_worker_aid


async def _funded_and_invoiced(aid, aid_events, regency_code: str, people_count: int = 3):
    scheme = SCHEMES.get(regency_code, "vulnerable_worker_aid")
    budget = await new_budget(aid, regency_code, amount=50_000_000,
                              payer={"kind": "agency", "ref": "DISNAKER", "name": "Dinas Tenaga Kerja"})
    people = await aid_events.participants(people_count, regency_code, scheme=scheme)
    for pid in people:
        assert (await allocate(aid, budget["id"], pid)).status_code == 201
    decree = await aid.post("/v1/decrees", json={"regency_code": regency_code, "scheme": scheme,
                                                 "number": f"100.3.3.2/{regency_code}/2026",
                                                 "decree_date": "2026-01-05"})
    assert decree.status_code == 201, decree.text
    lines = [{"participant_id": str(p), "period": "2026-03", "amount": 16_800} for p in people]
    invoice = await aid.post("/v1/invoices", json={"regency_code": regency_code, "reference": "TAGIHAN/2026/03/7",
                                                   "period": "2026-03", "budget_ids": [budget["id"]], "lines": lines})
    assert invoice.status_code == 201, invoice.text
    return budget, people, invoice.json()


async def _pay(aid, invoice: dict) -> None:
    paid = await aid.post(f"/v1/invoices/{invoice['id']}/payments",
                          json={"transfer_reference": "SP2D-0107/2026", "paid_on": "2026-04-10"})
    assert paid.status_code == 201, paid.text


async def test_berau_file_is_a_konsep_until_complete_then_a_signed_registered_document(clean, aid, aid_events):
    budget, people, invoice = await _funded_and_invoiced(aid, aid_events, "6405")
    url = f"/v1/budgets/{budget['id']}/accountability/"
    draft = await aid.get(url + PDF, params=MARCH)
    assert draft.status_code == 200 and draft.headers["x-document-status"] == "konsep"
    assert "Bukti transfer" in draft.headers["x-document-draft-reason"]
    text = pdftotext(draft.content)
    assert "KONSEP" in text and "NOMOR: ......" in text and "kode verifikasi" not in text
    assert _signatures(draft.content) == 0
    assert (await aid.get("/v1/documents", params={"regency_code": "6405", "kind": "accountability"})
            ).json()["items"] == []

    await _pay(aid, invoice)
    recorded = await aid.post(f"/v1/budgets/{budget['id']}/documents", json={
        "code": "bpjs_data_update", "reference": "BPJS/PMT/2026/03", "period_start": "2026-03",
        "period_end": "2026-03", "dated": "2026-04-02"})
    assert recorded.status_code == 201, recorded.text
    issued = await aid.get(url + PDF, params=MARCH)
    assert issued.headers["x-document-status"] == "terbit", issued.headers
    assert (await aid.get(url + PDF, params=MARCH)).content == issued.content  # byte-identical
    save_png(issued.content, "accountability-6405-page1", 1)
    save_png(issued.content, "accountability-6405-lampiran", 2)
    text = pdftotext(issued.content)
    squeezed = "".join(text.split())
    office = documents_profile("6405").offices["disnaker"]
    signer = documents_profile("6405").signer_on("kepala_dinas", documents_profile("6405").signers[
        "kepala_dinas"][0].from_)
    number = re.search(r"NOMOR: (\S+)", text).group(1)
    assert re.fullmatch(r"900\.1\.3/\d{4}/DISNAKERTRANS/2026", number), number
    for expected in (*office.heading, "LAPORAN PERTANGGUNGJAWABAN", "Periode Maret 2026", "Pasal 23 huruf a",
                     "Pasal 23 huruf d", "100.3.3.2/6405/2026", "TAGIHAN/2026/03/7", "SP2D-0107/2026",
                     "BPJS/PMT/2026/03", "Rp50.400", "10 April 2026", signer.name,
                     f"NIP. {signer.nip}", "LAMPIRAN LAPORAN PERTANGGUNGJAWABAN", "RINCIAN TAGIHAN IURAN PER PESERTA",
                     *(str(p) for p in people), "Halaman 1 dari"):
        assert "".join(expected.split()) in squeezed, expected
    assert "Belum ada" not in text and "KONSEP" not in text
    assert _signatures(issued.content) == 1

    code = re.search(r"kode verifikasi ([A-Z2-9]{12})", text).group(1)
    workbook = await aid.get(url + XLSX, params=MARCH)
    assert workbook.headers["x-document-status"] == "terbit"
    sheets = load_workbook(io.BytesIO(workbook.content))
    assert sheets.sheetnames == ["Kelengkapan", "Tagihan dan Pembayaran", "Keputusan", "Rincian Tagihan", "Anggaran"]
    assert sheets["Kelengkapan"]["A2"].value == f"NOMOR {number}"  # the same number as the PDF
    lines = sheets["Rincian Tagihan"]
    assert lines.freeze_panes and lines.auto_filter.ref and lines.print_title_rows
    assert any(str(c.value).startswith("=SUM(E") for row in lines.iter_rows() for c in row)
    verified = (await aid.get(f"/v1/documents/verify/{code}")).json()
    assert (verified["number"], sorted(verified["sha256"])) == (number, sorted(
        [hashlib.sha256(issued.content).hexdigest(), hashlib.sha256(workbook.content).hexdigest()]))
    listed = (await aid.get("/v1/documents", params={"regency_code": "6405", "kind": "accountability"})).json()
    assert {d["number"] for d in listed["items"]} == {number} and len(listed["items"]) == 2


@pytest.mark.parametrize("code", ["5304", "6101", "6207", "6309"])
async def test_a_regency_without_a_document_list_files_the_evidence_the_service_holds(clean, aid, aid_events, code):
    budget, people, invoice = await _funded_and_invoiced(aid, aid_events, code, people_count=2)
    url = f"/v1/budgets/{budget['id']}/accountability/{PDF}"
    assert (await aid.get(url, params=MARCH)).headers["x-document-status"] == "konsep"
    await _pay(aid, invoice)
    issued = await aid.get(url, params=MARCH)
    assert issued.headers["x-document-status"] == "terbit"
    text = pdftotext(issued.content)
    assert "tidak merinci dokumen pertanggungjawaban" in text
    office = documents_profile(code).offices["disnaker"]
    squeezed = "".join(text.split())
    assert all("".join(line.split()) in squeezed for line in office.heading), (code, office.heading)
    running = await aid.get(url, params={"period_start": "2026-03", "period_end": "2026-12"})
    assert running.headers["x-document-status"] == "konsep"  # a period not yet ended is never issued
    assert "periode belum berakhir" in running.headers["x-document-draft-reason"]
    refused = await aid.get(url, params={"period_start": "2026-04", "period_end": "2026-03"})
    assert refused.status_code == 422
    # the ZIP of the contract stays as it was
    assert (await aid.get(f"/v1/budgets/{budget['id']}/accountability", params=MARCH)
            ).headers["content-type"] == "application/zip"


def _signatures(content: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return len(PdfFileReader(io.BytesIO(content)).embedded_signatures)
