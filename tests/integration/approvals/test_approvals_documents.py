"""Signing follows the two-person approval: a decree proposal has only a KONSEP (no number, no
signer's name, no signature, no verification code, no register entry); the approved decree is
issued, numbered and PAdES-signed through the register, and the KONSEP is no longer served."""
from __future__ import annotations

import io
import uuid

from pyhanko.pdf_utils.reader import PdfFileReader

from tests.documents_support import pdftotext, save_png
from tests.integration.aid.conftest import AID
from tests.integration.approvals.persons import as_person, decide, head, maker, person, proposed
from tests.integration.sanctions.helpers import known_to_sanctions, open_case

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


async def test_a_sanction_decision_is_a_konsep_until_approved_then_issued_and_signed(clean, api, infra):
    sanctions = await api("sanctions")
    employer = uuid.uuid4()
    known_to_sanctions(infra, employer, "6101")
    case = await open_case(sanctions, "6101", employer, date="2026-11-01")
    officer = await as_person(api, infra, "sanctions", maker("6101"))
    impose = {"decision": "impose", "decree_number": "800/7/2026", "services": ["business_license"],
              "date": "2026-11-02"}
    approval_id = await proposed(await officer.post(f"/v1/cases/{case['id']}/decisions", json=impose),
                                 "sanction.impose")
    assert (await sanctions.get(f"/v1/cases/{case['id']}/letters/decision")).status_code == 404  # nothing decided

    draft = await officer.get(f"/v1/cases/proposals/{approval_id}/letters/decision")
    assert draft.status_code == 200, draft.text
    text = pdftotext(draft.content)
    assert "KONSEP" in text and "KEPUTUSAN BUPATI SAMBAS" in text and "800/7/2026" not in text
    assert "kode verifikasi" not in text and len(PdfFileReader(io.BytesIO(draft.content)).embedded_signatures) == 0
    save_png(draft.content, "decision-6101-konsep", 1)
    assert (await sanctions.get(f"/v1/cases/{case['id']}")).json()["state"] == case["state"]  # rolled back
    assert (await sanctions.get("/v1/documents", params={"regency_code": "6101"})).json()["items"] == []

    await decide(await as_person(api, infra, "sanctions", head("6101")), approval_id)
    issued = await sanctions.get(f"/v1/cases/{case['id']}/letters/decision")
    text = pdftotext(issued.content)
    assert "NOMOR 800/7/2026" in text and "KONSEP" not in text and "kode verifikasi" in text
    assert len(PdfFileReader(io.BytesIO(issued.content)).embedded_signatures) == 1
    assert (await officer.get(f"/v1/cases/proposals/{approval_id}/letters/decision")).status_code == 409


async def test_lifting_by_proof_has_a_konsep_of_the_lifting_decision_until_approved(clean, api, infra):
    sanctions = await api("sanctions")
    employer = uuid.uuid4()
    known_to_sanctions(infra, employer, "6101")
    case = await open_case(sanctions, "6101", employer, date="2026-11-01")
    imposed = await sanctions.post(f"/v1/cases/{case['id']}/decisions", json={
        "decision": "impose", "decree_number": "800/8/2026", "services": ["business_license"], "date": "2026-11-02"})
    assert imposed.status_code == 200, imposed.text  # a system acts at once
    officer = await as_person(api, infra, "sanctions", maker("6101"))
    for proof in ({"kind": "fine_paid", "reference": "NTPN-1", "date": "2026-11-03"},
                  {"kind": "registered", "reference": "BPJS-REG-9", "date": "2026-11-04"}):
        answer = await officer.post(f"/v1/cases/{case['id']}/evidence", json=proof)
    approval_id = await proposed(answer, "sanction.lift")
    draft = await officer.get(f"/v1/cases/proposals/{approval_id}/letters/decision")
    assert draft.status_code == 200, draft.text
    text = pdftotext(draft.content)
    assert "KONSEP" in text and "PENCABUTAN" in text.upper() and "kode verifikasi" not in text
    assert (await sanctions.get(f"/v1/cases/{case['id']}")).json()["state"] == "imposed"  # rolled back
