"""Signing follows the two-person approval: a decree proposal has only a KONSEP (no number, no
signer's name, no signature, no verification code, no register entry); the approved decree is
issued, numbered and PAdES-signed through the register, and the KONSEP is no longer served."""
from __future__ import annotations

import io

from pyhanko.pdf_utils.reader import PdfFileReader

from tests.documents_support import pdftotext, save_png
from tests.integration.aid.conftest import AID
from tests.integration.approvals.persons import as_person, decide, head, maker, person, proposed

NUMBER = "100.3.3.2/77/2026"


async def test_a_decree_is_numbered_and_signed_only_once_approved(clean, api, aid_events, infra):
    aid = await api(AID)
    people = await aid_events.participants(3, "6405")
    officer = await as_person(api, infra, AID, maker("6405"))
    approval_id = await proposed(await officer.post("/v1/decrees", json={
        "regency_code": "6405", "scheme": "vulnerable_worker_aid", "number": NUMBER, "decree_date": "2026-02-01",
        "quota": 3}), "decree.issue")

    draft = await officer.get(f"/v1/decrees/proposals/{approval_id}/document.pdf")
    assert draft.status_code == 200, draft.text
    text = pdftotext(draft.content)
    assert "KONSEP" in text and "KEPUTUSAN BUPATI BERAU" in text and "BUPATI BERAU," in text
    assert NUMBER not in text and "kode verifikasi" not in text and "ANDI PRATAMA" not in text
    assert all(str(p) in text for p in people)  # the lampiran the approver checks
    assert len(PdfFileReader(io.BytesIO(draft.content)).embedded_signatures) == 0
    save_png(draft.content, "decree-6405-konsep", 1)
    assert (await aid.get("/v1/documents", params={"regency_code": "6405"})).json()["items"] == []
    stranger = await as_person(api, infra, AID, person("petugas-6101", "Orang Lain", ["petugas"], ["6101"]))
    assert (await stranger.get(f"/v1/decrees/proposals/{approval_id}/document.pdf")).status_code == 404

    done = await decide(await as_person(api, infra, AID, head("6405")), approval_id)
    decree_id = done["result"]["id"]
    issued = await aid.get(f"/v1/decrees/{decree_id}/document.pdf")
    text = pdftotext(issued.content)
    assert f"NOMOR {NUMBER}" in text and "ANDI PRATAMA" in text and "kode verifikasi" in text
    assert "KONSEP" not in text
    assert len(PdfFileReader(io.BytesIO(issued.content)).embedded_signatures) == 1
    listed = (await aid.get("/v1/documents", params={"regency_code": "6405", "kind": "aid_decree"})).json()
    assert [d["number"] for d in listed["items"]] == [NUMBER]
    after = await officer.get(f"/v1/decrees/proposals/{approval_id}/document.pdf")
    assert after.status_code == 409 and decree_id in after.json()["detail"]
