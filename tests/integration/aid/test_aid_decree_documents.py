"""Decrees as Keputusan Bupati documents for every regency: menimbang, mengingat, memutuskan,
menetapkan, the recipient list as lampiran (PDF and XLSX), issued once under the decree's number."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from shared.documents import documents_profile
from tests.documents_support import pdftotext, save_png

SCHEMES = {"5304": "vulnerable_worker_aid", "6405": "vulnerable_worker_aid", "6101": "vulnerable_worker_aid",
           "6309": "vulnerable_worker_aid", "6207": "aid_recipient_verification"}
REGENCY_NAMES = {"5304": "TIMOR TENGAH SELATAN", "6405": "BERAU", "6101": "SAMBAS", "6309": "TABALONG",
                 "6207": "LAMANDAU"}


@pytest.mark.parametrize("code", list(SCHEMES))
async def test_decree_is_a_keputusan_bupati_with_its_lampiran(clean, aid, aid_events, code):
    recipients = [str(p) for p in await aid_events.participants(3, code, scheme=SCHEMES[code])]
    number = f"100.3.3.2/{code}/2026"
    issued = await aid.post("/v1/decrees", json={"regency_code": code, "scheme": SCHEMES[code], "number": number,
                                                 "decree_date": "2026-02-10", "quota": 3})
    assert issued.status_code == 201, issued.text
    decree_id = issued.json()["id"]
    pdf = await aid.get(f"/v1/decrees/{decree_id}/document.pdf")
    assert pdf.status_code == 200, pdf.text
    assert (await aid.get(f"/v1/decrees/{decree_id}/document.pdf")).content == pdf.content
    text = pdftotext(pdf.content)
    squeezed = "".join(text.split())
    bupati = documents_profile(code).signer_on("bupati", dt.date(2026, 2, 10))
    for expected in (f"KEPUTUSAN BUPATI {REGENCY_NAMES[code]}", f"NOMOR {number}", "Menimbang", "Mengingat",
                     "MEMUTUSKAN:", "Menetapkan", "KESATU", "KEDUA", f"LAMPIRAN KEPUTUSAN BUPATI {REGENCY_NAMES[code]}",
                     "10 Februari 2026", bupati.name, "Jumlah: 3", *recipients):
        assert "".join(expected.split()) in squeezed, (code, expected)
    assert "Halaman 2 dari 2" in text or "Halaman 3 dari 3" in text
    if code == "6207":
        save_png(pdf.content, "decree-6207-page1", 1)
        save_png(pdf.content, "decree-6207-lampiran", 2)

    xlsx = await aid.get(f"/v1/decrees/{decree_id}/document.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == f"NOMOR {number}"
    assert sheet.freeze_panes and sheet.auto_filter.ref and sheet.print_title_rows
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[1] in recipients]
    assert [row[1] for row in values] == recipients
    assert any(str(c.value).startswith("=COUNTA(") for row in sheet.iter_rows() for c in row)

    listed = (await aid.get("/v1/documents", params={"regency_code": code, "kind": "aid_decree"})).json()["items"]
    assert {(d["number"], d["media_type"].split("/")[-1][:3]) for d in listed} >= {(number, "pdf")}
