"""Licence applications (Lamandau Pasal 14, Berau 5(5), TTS 12(2)) and the letters of a case as PDF."""
from __future__ import annotations

import uuid

from tests.integration.conftest import CLIENT_KEYS
from tests.integration.sanctions.helpers import open_case, post
from tests.unit.sanctions.sanctions_builders import pdf_text

LAMANDAU, TABALONG, TTS, SAMBAS = "6207", "6309", "5304", "6101"
BOTH_DOCUMENTS = ["bpjs_membership_certificate", "latest_contribution_payment_proof"]


def application(regency_code: str, employer_id=None, **fields) -> dict:
    return {"regency_code": regency_code, "employer_id": str(employer_id or uuid.uuid4()),
            "service": "business_license", "kind": "new", "documents": [], "reference": "OSS/2026/1", **fields}


class TestLicenceChecks:
    async def test_missing_documents_are_named_with_the_article_and_membership_opens_then_joins_a_case(
            self, api):
        oss = await api("sanctions", key=CLIENT_KEYS["oss"])
        employer = uuid.uuid4()
        first = await post(oss, "/v1/licence-checks", application(LAMANDAU, employer), expect=201)
        assert first["allowed"] is False
        assert [(m["id"], m["citation"]) for m in first["missing"]] == [
            ("membership_certificate_new", "Perbup Lamandau No. 25/2024 Pasal 14 ayat (1)"),
            ("latest_payment_new", "Perbup Lamandau No. 25/2024 Pasal 14 ayat (1)")]
        (case,) = first["cases"]
        assert (case["violation"], case["joined"]) == ("employer_not_registered", False)

        renewal = await post(oss, "/v1/licence-checks", application(
            LAMANDAU, employer, kind="renewal", service="tender_permit", reference="OSS/2026/2",
            documents=["latest_contribution_payment_proof"]), expect=201)
        assert [m["citation"] for m in renewal["missing"]] == ["Perbup Lamandau No. 25/2024 Pasal 14 ayat (2)"]
        assert renewal["cases"] == [{**case, "joined": True}]

    async def test_complete_application_is_allowed_and_opens_nothing(self, sanctions):
        answer = await post(sanctions, "/v1/licence-checks", application(LAMANDAU, documents=BOTH_DOCUMENTS),
                            expect=201)
        assert (answer["allowed"], answer["missing"], answer["cases"]) == (True, [], [])

    async def test_a_missing_payment_proof_alone_is_refused_without_a_case(self, sanctions):
        answer = await post(sanctions, "/v1/licence-checks", application(
            LAMANDAU, documents=["bpjs_membership_certificate"]), expect=201)
        assert answer["allowed"] is False and answer["cases"] == []

    async def test_a_sanction_in_force_refuses_a_complete_application(self, sanctions):
        employer = uuid.uuid4()
        case = await open_case(sanctions, SAMBAS, employer, date="2026-10-01")
        await post(sanctions, f"/v1/cases/{case['id']}/decisions",
                   {"decision": "impose", "decree_number": "800/2/2026", "services": ["business_license"],
                    "date": "2026-10-02"})
        answer = await post(sanctions, "/v1/licence-checks",
                            application(SAMBAS, employer, documents=["protection_proof"]), expect=201)
        assert (answer["complete"], answer["allowed"]) == (True, False)
        assert answer["clearance"]["executing_agency"]["short_name"] == "DPMPTSP"

    async def test_regencies_without_the_requirement(self, sanctions):
        tabalong = await post(sanctions, "/v1/licence-checks", application(TABALONG), expect=201)
        assert tabalong["allowed"] is True and "tidak mensyaratkan" in tabalong["reasons"][0]
        tts_tender = await post(sanctions, "/v1/licence-checks", application(TTS, service="tender_permit"), expect=201)
        assert tts_tender["allowed"] is True  # Pasal 12(2) concerns business licensing only

    async def test_an_unknown_nib_is_refused_without_a_case(self, sanctions):
        body = {**application(LAMANDAU), "employer_id": None, "nib": "8120000000099"}
        answer = await post(sanctions, "/v1/licence-checks", body, expect=201)
        assert answer["cases"] == [] and any("NIB tidak dikenal" in r for r in answer["reasons"])

    async def test_scopes(self, api):
        viewer = await api("sanctions", key=CLIENT_KEYS["viewer-6101"])
        assert (await viewer.post("/v1/licence-checks", json=application(SAMBAS))).status_code == 403
        clerk = await api("sanctions", key=CLIENT_KEYS["clerk-6101"])
        assert (await clerk.post("/v1/licence-checks", json=application(LAMANDAU))).status_code == 403


class TestLetters:
    async def test_warning_request_and_decision_letters(self, sanctions):
        case = await open_case(sanctions, SAMBAS, source="system", date="2026-10-01", employer_name="PT Sawit Makmur")
        assert (await sanctions.get(f"/v1/cases/{case['id']}/letters/warning")).status_code == 404
        await post(sanctions, f"/v1/cases/{case['id']}/evidence",
                   {"kind": "warning_issued", "reference": "T/1", "date": "2026-10-01"})
        warning = await sanctions.get(f"/v1/cases/{case['id']}/letters/warning")
        assert warning.status_code == 200 and warning.headers["content-type"] == "application/pdf"
        text = pdf_text(warning.content)
        for expected in ("SURAT TEGURAN TERTULIS KE-1", "PT Sawit Makmur", "Sambas, 1 Oktober 2026",
                         "PEMERINTAH KABUPATEN SAMBAS", "Kepala Dinas Tenaga Kerja"):
            assert expected in text, expected

        request = pdf_text((await sanctions.get(f"/v1/cases/{case['id']}/letters/sanction_request")).content)
        assert "Bupati Sambas" in request and "Tembusan:" in request

        await post(sanctions, f"/v1/cases/{case['id']}/evidence",
                   {"kind": "bpjs_request", "reference": "B/5/2026", "date": "2026-10-02"})
        await post(sanctions, f"/v1/cases/{case['id']}/decisions",
                   {"decision": "impose", "decree_number": "800/77/2026", "date": "2026-10-03"})
        decision = pdf_text((await sanctions.get(f"/v1/cases/{case['id']}/letters/decision")).content)
        assert "TENTANG PENGENAAN SANKSI ADMINISTRATIF" in decision and "NOMOR 800/77/2026" in decision

    async def test_unknown_letter_kind_is_422(self, sanctions):
        case = await open_case(sanctions, SAMBAS)
        assert (await sanctions.get(f"/v1/cases/{case['id']}/letters/love")).status_code == 422
