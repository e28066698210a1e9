"""Periodic reports as official documents, for every regency and report kind: a period that has
ended is issued once through the register (number, kop, signer with NIP, Halaman x dari y) in
PDF and XLSX under one number; a running period is a draft, never registered."""
from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from openpyxl import load_workbook

from shared.documents import documents_profile
from tests.documents_support import pdftotext, save_png

REGENCIES = ("5304", "6405", "6101", "6309", "6207")


async def owed_reports(reporting, code: str) -> list[dict]:
    today = dt.date.today()
    entries = []
    for year in (today.year - 1, today.year):
        answer = await reporting.get("/v1/reports", params={"regency_code": code, "year": year})
        entries += [e for e in answer.json()["reports"] if "downloads" in e]
    return entries


def summary(workbook) -> dict:
    sheet = workbook.worksheets[0]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] is not None}


@pytest.mark.parametrize("code", REGENCIES)
async def test_every_report_kind_of_every_regency_is_issued_once(api, code):
    reporting = await api("reporting")
    today = dt.date.today()
    entries = await owed_reports(reporting, code)
    ended = {}
    for e in entries:
        if dt.date.fromisoformat(e["covers_until"]) < today:
            ended[e["report_id"]] = e  # the latest ended period of each kind
    assert ended, code
    profile = documents_profile(code)
    signer = profile.signer_on("kepala_dinas", today)
    for report_id, entry in ended.items():
        pdf = await reporting.get(entry["downloads"]["pdf"], params={"regency_code": code})
        assert pdf.status_code == 200, pdf.text
        again = await reporting.get(entry["downloads"]["pdf"], params={"regency_code": code})
        assert again.content == pdf.content
        text = pdftotext(pdf.content)
        squeezed = "".join(text.split())
        for expected in (*profile.offices["disnaker"].heading, signer.name, f"NIP.{signer.nip}", "Halaman1dari"):
            assert "".join(expected.split()) in squeezed, (code, report_id, expected)
        xlsx = await reporting.get(entry["downloads"]["xlsx"], params={"regency_code": code})
        values = summary(load_workbook(io.BytesIO(xlsx.content)))
        assert values["Nomor"] in text and values["NIP"] == signer.nip, (code, report_id)
        if code == "5304" and report_id == "supervision_quarterly":
            save_png(pdf.content, "report-5304-supervision-page1")

    listed = (await reporting.get("/v1/documents", params={"regency_code": code, "kind": "report",
                                                           "limit": 500})).json()["items"]
    for item in listed:
        stored = await reporting.get(f"/v1/documents/{item['id']}")
        assert hashlib.sha256(stored.content).hexdigest() == item["sha256"]
    numbers = {item["number"] for item in listed}
    assert len(numbers) * 2 == len(listed)  # PDF and XLSX of one report share one number


async def test_a_running_period_is_a_draft(api):
    reporting = await api("reporting")
    today = dt.date.today()
    running = [e for e in await owed_reports(reporting, "6405")
               if dt.date.fromisoformat(e["covers_from"]) <= today <= dt.date.fromisoformat(e["covers_until"])]
    assert running
    pdf = await reporting.get(running[0]["downloads"]["pdf"], params={"regency_code": "6405"})
    assert "DRAF" in pdftotext(pdf.content)
