"""Per-regency scenarios over the API and a real database: the prerequisites, who may be
sanctioned, which agency executes which denial, and lifting only when every condition holds."""
from __future__ import annotations

import uuid

from tests.integration.sanctions.helpers import clearance, open_case, post

LAMANDAU, TABALONG, BERAU, TTS = "6207", "6309", "6405", "5304"


async def impose(client, case_id: str, services: list[str], expect: int = 200, date: str = "2026-10-05") -> dict:
    return await post(client, f"/v1/cases/{case_id}/decisions",
                      {"decision": "impose", "decree_number": "188.45/7/2026", "services": services, "date": date},
                      expect=expect)


async def evidence(client, case_id: str, kind: str, date: str, reference: str = "REF/1") -> dict:
    return await post(client, f"/v1/cases/{case_id}/evidence", {"kind": kind, "reference": reference, "date": date})


class TestLamandau:
    async def test_bpjs_request_alone_is_refused_and_the_inspector_recommendation_completes_it(self, sanctions):
        employer = uuid.uuid4()
        case = await open_case(sanctions, LAMANDAU, employer, reference="B/100/2026", date="2026-10-01")
        refused = await impose(sanctions, case["id"], ["business_license"], expect=422)
        assert [(m["id"], m["citation"]) for m in refused["missing"]] == [
            ("inspector_recommendation", "Perbup Lamandau No. 25/2024 Pasal 30 ayat (3)")]

        joined = await open_case(sanctions, LAMANDAU, employer, expect=200, source="inspector_recommendation",
                                 reference="560/7/PK/2026", date="2026-10-02")
        assert joined["id"] == case["id"]
        imposed = await impose(sanctions, case["id"], ["business_license", "foreign_worker_permit"])
        assert imposed["state"] == "imposed"
        assert "Perbup Lamandau No. 25/2024 Pasal 31 ayat (3)" in imposed["decision"]["citations"]

    async def test_business_licence_and_foreign_worker_permit_go_to_different_agencies(self, sanctions):
        employer, _ = await _lamandau_imposed(sanctions, ["business_license", "foreign_worker_permit"])
        business = await clearance(sanctions, LAMANDAU, "business_license", employer_id=employer)
        foreign = await clearance(sanctions, LAMANDAU, "foreign_worker_permit", employer_id=employer)
        tender = await clearance(sanctions, LAMANDAU, "tender_permit", employer_id=employer)
        assert (business["allowed"], business["executing_agency"]["short_name"]) == (False, "DPMPTSP")
        assert (foreign["allowed"], foreign["executing_agency"]["short_name"]) == (False, "Disnaker")
        assert business["executing_agency"]["citation"] == "Perbup Lamandau No. 25/2024 Pasal 31 ayat (1) huruf a"
        assert "Perbup Lamandau No. 25/2024 Pasal 30 ayat (2) huruf c" in foreign["reasons"][0]
        assert tender["allowed"] is True and len(tender["active_sanctions"]) == 1  # not in this decree

    async def test_a_letter_not_addressed_to_the_regent_does_not_count(self, sanctions):
        case = await open_case(sanctions, LAMANDAU, reference="B/1/2026", addressed_to="kepala_dinas",
                               date="2026-10-01")
        await open_case(sanctions, LAMANDAU, case["employer_id"], expect=200, source="inspector_recommendation",
                        reference="560/1/PK/2026", date="2026-10-01")
        refused = await impose(sanctions, case["id"], ["business_license"], expect=422)
        assert refused["missing"][0]["citation"] == "Perbup Lamandau No. 25/2024 Pasal 31 ayat (3)"
        assert "tidak ditujukan kepada Bupati" in refused["detail"]

    async def test_lifted_only_once_fine_paid_and_registered_pasal_32_a(self, sanctions):
        employer, case_id = await _lamandau_imposed(sanctions, ["business_license"])
        registered = await evidence(sanctions, case_id, "registered", "2026-10-10")
        assert registered["state"] == "imposed"
        assert [m["id"] for m in registered["decision"]["missing"]] == ["fine_paid"]
        assert registered["decision"]["citations"] == ["Perbup Lamandau No. 25/2024 Pasal 32 huruf a"]
        assert (await clearance(sanctions, LAMANDAU, "business_license", employer_id=employer))["allowed"] is False

        lifted = await evidence(sanctions, case_id, "fine_paid", "2026-10-12")
        assert (lifted["state"], lifted["lifted_on"], lifted["active"]) == ("lifted", "2026-10-12", False)
        after = await clearance(sanctions, LAMANDAU, "business_license", employer_id=employer)
        assert after["allowed"] is True and after["active_sanctions"] == []

    async def test_incomplete_data_is_lifted_by_complete_data_alone_pasal_32_b(self, sanctions):
        _, case_id = await _lamandau_imposed(sanctions, ["tender_permit"], violation="incomplete_data")
        lifted = await evidence(sanctions, case_id, "data_completed", "2026-10-10")
        assert lifted["state"] == "lifted"


class TestTabalong:
    async def test_never_sanctions_a_worker_pasal_28_4(self, sanctions):
        worker = await open_case(sanctions, TABALONG, violation="worker_not_registered", subject_kind="worker",
                                 participant_id=str(uuid.uuid4()), date="2026-10-01")
        assert worker["subject"]["kind"] == "worker" and worker["state"] == "open"
        refused = await impose(sanctions, worker["id"], ["business_license"], expect=422)
        subject = [m for m in refused["missing"] if m["id"] == "subject"]
        assert subject[0]["citation"] == "Perbup Tabalong No. 5/2025 Pasal 28 ayat (4)"
        warned = await evidence(sanctions, worker["id"], "warning_issued", "2026-10-02")
        assert warned["state"] == "warned"  # a worker may be warned and fined, never denied services

    async def test_foreign_worker_permits_are_denied_from_the_second_year(self, sanctions):
        employer = uuid.uuid4()
        case = await open_case(sanctions, TABALONG, employer, date="2026-10-01")
        await impose(sanctions, case["id"], ["foreign_worker_permit", "business_license"])
        async def ask(**year):
            return await clearance(sanctions, TABALONG, "foreign_worker_permit", employer_id=str(employer), **year)

        first, second, unknown = await ask(permit_year=1), await ask(permit_year=2), await ask()
        assert (first["allowed"], second["allowed"], unknown["allowed"]) == (True, False, False)
        assert second["executing_agency"]["short_name"] == "Disnaker"
        assert "tahun izin tidak diketahui" in unknown["reasons"][0]
        business = await clearance(sanctions, TABALONG, "business_license", employer_id=str(employer))
        assert business["executing_agency"]["short_name"] == "DPMPTSP"
        construction = await clearance(sanctions, TABALONG, "construction_company_permit", employer_id=str(employer))
        assert construction["allowed"] is True and construction["executing_agency"] is None

    async def test_lifted_after_the_fine_is_paid_and_obligations_met_pasal_28_5(self, sanctions):
        case = await open_case(sanctions, TABALONG, date="2026-10-01")
        await impose(sanctions, case["id"], ["business_license"])
        assert (await evidence(sanctions, case["id"], "fine_paid", "2026-10-06"))["state"] == "imposed"
        lifted = await evidence(sanctions, case["id"], "registered", "2026-10-07")
        assert lifted["state"] == "lifted"
        assert "Perbup Tabalong No. 5/2025 Pasal 28 ayat (5)" in lifted["decision"]["citations"]


class TestOthers:
    async def test_a_state_employer_gets_no_tmp2t_in_tts(self, sanctions):
        case = await open_case(sanctions, TTS, subject_kind="state_employer", date="2026-10-01")
        refused = await impose(sanctions, case["id"], [], expect=422)
        assert refused["missing"][0]["citation"] == "PP 86/2013 Pasal 5 ayat (1)"

    async def test_berau_obligations_met_before_tmp2t_resolve_the_case(self, sanctions):
        case = await open_case(sanctions, BERAU, source="system", date="2026-10-01")
        resolved = await evidence(sanctions, case["id"], "registered", "2026-10-03")
        assert resolved["state"] == "resolved" and resolved["closed_on"] == "2026-10-03"
        again = await open_case(sanctions, BERAU, case["employer_id"], source="system", date="2026-10-04")
        assert again["id"] != case["id"] and again["joined"] is False  # a closed case is never joined


async def _lamandau_imposed(client, services: list[str], violation: str = "employer_not_registered"):
    """(employer id, case id) of a Lamandau case imposed on both letters."""
    employer = str(uuid.uuid4())
    case = await open_case(client, LAMANDAU, employer, reference="B/100/2026", violation=violation, date="2026-10-01")
    await open_case(client, LAMANDAU, employer, expect=200, source="inspector_recommendation",
                    reference="560/7/PK/2026", violation=violation, date="2026-10-01")
    await impose(client, case["id"], services)
    return employer, case["id"]
