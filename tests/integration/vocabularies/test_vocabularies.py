"""docs/API.md §12: every service serves its vocabularies for every regency, from the profiles,
with Indonesian labels and rendered citations; an id outside a vocabulary is a 422 that names the
field and lists the allowed ids."""
from __future__ import annotations

import uuid

import pytest

from tests.integration.conftest import CLIENT_KEYS

REGENCIES = ("5304", "6405", "6101", "6309", "6207")
EXPECTED = {
    "registry": {"categories", "occupations", "worker_types", "village_kinds", "termination_reasons", "funding",
                 "sectors", "employer_kinds", "business_scales", "construction_funding_sources", "data_sources",
                 "districts", "villages"},
    "eligibility": {"schemes", "facts", "programs"},
    "contribution-aid": {"funding_sources", "schemes", "aid_states", "aid_flow"},
    "sanctions": {"violations", "ladder", "case_states", "case_flow", "evidence_kinds", "services", "agencies",
                  "decision_kinds", "subject_kinds", "sources"},
    "reporting": {"report_kinds", "report_calendar"},
}


@pytest.mark.parametrize("service", sorted(EXPECTED))
async def test_every_vocabulary_of_every_regency_is_served_with_labels(api, service):
    client = await api(service)
    for code in REGENCIES:
        response = await client.get("/v1/vocabularies", params={"regency_code": code, "as_of": "2026-06-01"})
        assert response.status_code == 200, response.text
        vocabularies = response.json()
        assert EXPECTED[service] <= set(vocabularies), (code, set(vocabularies))
        for name, entries in vocabularies.items():
            assert entries, (service, code, name)
            for entry in entries:
                assert entry["id"] and entry["label"], (service, code, name, entry)
                assert {"citation", "valid_from", "valid_until"} <= set(entry)


async def test_citations_are_rendered_as_decisions_render_them_and_extras_are_given(api):
    client = await api("registry")
    vocab = (await client.get("/v1/vocabularies", params={"regency_code": "6207"})).json()
    category = next(c for c in vocab["categories"] if c["id"] == "vulnerable_worker")
    assert category["citation"] == "Perbup Lamandau No. 25/2024 Pasal 9 ayat (1) huruf c"
    farmer = next(o for o in vocab["occupations"] if o["id"] == "farmer")
    assert farmer["category"] == "vulnerable_worker"
    sanctions = await api("sanctions")
    vocab = (await sanctions.get("/v1/vocabularies", params={"regency_code": "6207"})).json()
    service = next(s for s in vocab["services"] if s["id"] == "business_license")
    assert service["executing_agency"] == "dpmptsp"
    assert [s["id"] for s in vocab["ladder"]] == ["warning", "fine", "tmp2t"]
    assert {s["id"] for s in vocab["services"]} == {"business_license", "tender_permit", "foreign_worker_permit",
                                                    "labor_provider_permit", "building_approval"}
    eligibility = await api("eligibility")
    facts = {f["id"]: f for f in (await eligibility.get("/v1/vocabularies", params={"regency_code": "5304"})).json()[
        "facts"]}
    assert "extreme_poor" in facts["poverty_level"]["values"]
    assert facts["religion"]["values"] == ["islam", "kristen", "katolik", "hindu", "budha", "konghucu"]


async def test_places_are_named_by_their_kemendagri_codes(api):
    """Berau is 6405 for BPS but 64.03 for Kemendagri: its villages are 6403..., a desa is a "Kampung"."""
    registry = await api("registry")
    berau = (await registry.get("/v1/vocabularies", params={"regency_code": "6405"})).json()
    merabu = next(v for v in berau["villages"] if v["id"] == "6403012001")
    assert (merabu["label"], merabu["district"], merabu["village_kind"]) == ("Kampung Merabu", "640301", "kampung")
    assert merabu["citation"] == "Kepmendagri 300.2.2-2138/2025"
    assert {d["id"]: d["label"] for d in berau["districts"]}["640301"] == "Kecamatan Kelay"
    assert len(berau["villages"]) == 110 and all(v["id"].startswith("6403") for v in berau["villages"])
    tts = (await registry.get("/v1/vocabularies", params={"regency_code": "5304"})).json()
    assert {v["id"]: v["label"] for v in tts["villages"]}["5302011001"] == "Kelurahan SoE"


async def test_as_of_before_the_regulation_leaves_its_dated_ids_out(api):
    sanctions = await api("sanctions")
    vocab = (await sanctions.get("/v1/vocabularies", params={"regency_code": "6207", "as_of": "2024-07-29"})).json()
    assert "violations" not in vocab or vocab["violations"] == []


async def test_regency_scope_and_unknown_regency(api):
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    assert (await viewer.get("/v1/vocabularies", params={"regency_code": "6101"})).status_code == 200
    assert (await viewer.get("/v1/vocabularies", params={"regency_code": "6309"})).status_code == 403
    oss = await api("sanctions", key=CLIENT_KEYS["oss"])
    assert (await oss.get("/v1/vocabularies", params={"regency_code": "6207"})).status_code == 200
    admin = await api("registry")
    assert (await admin.get("/v1/vocabularies", params={"regency_code": "9999"})).status_code == 404


def _allowed_in(response, field: str) -> list[str]:
    assert response.status_code == 422, response.text
    entry = next((e for e in response.json()["errors"] if e["field"] == field), None)
    assert entry is not None, response.text
    assert "allowed" in entry["message"] or "/v1/vocabularies" in entry["message"], entry
    return entry


async def test_a_wrong_id_gets_a_422_listing_the_allowed_ids(api):
    sanctions = await api("sanctions")
    wrong_violation = await sanctions.post("/v1/cases", json={
        "regency_code": "6207", "employer_id": str(uuid.uuid4()), "violation": "not_registered",
        "source": "bpjs_request", "reference": "B/1/2026"})
    entry = _allowed_in(wrong_violation, "violation")
    assert "employer_not_registered" in entry["allowed"]
    wrong_document = await sanctions.post("/v1/licence-checks", json={
        "regency_code": "6207", "employer_id": str(uuid.uuid4()), "service": "business_license", "kind": "new",
        "documents": ["bpjs_certificate"]})
    entry = _allowed_in(wrong_document, "documents")
    assert entry["allowed"] == ["bpjs_membership_certificate", "latest_contribution_payment_proof"]
    registry = await api("registry")
    wrong_category = await registry.post("/v1/participants", json={
        "regency_code": "6207", "nik": "6207015506800001", "full_name": "Siti", "birth_place": "Nanga Bulik",
        "birth_date": "1980-06-15", "sex": "F", "mother_maiden_name": "Aminah", "address": "Jl. Sudirman 1",
        "worker_type": "bpu", "category": "rentan", "occupation": "farmer"})
    entry = _allowed_in(wrong_category, "category")
    assert "vulnerable_worker" in entry["message"]
    eligibility = await api("eligibility")
    wrong_scheme = await eligibility.post("/v1/evaluations", json={
        "regency_code": "6207", "scheme": "vulnerable_worker_aid", "applicant": {}})
    entry = _allowed_in(wrong_scheme, "scheme")
    assert "bpu_registration" in entry["message"]


async def test_an_unknown_sector_is_no_longer_read_as_general(api):
    eligibility = await api("eligibility")
    answer = await eligibility.post("/v1/required-programs", json={
        "regency_code": "6207", "as_of": "2026-03-01", "worker_type": "pu", "employer_kind": "non_state",
        "business_scale": "large", "sector": "konstruksi", "migrant": False})
    entry = _allowed_in(answer, "sector")
    assert entry["allowed"] == ["construction", "general"]
    words = (await eligibility.get("/v1/vocabularies", params={"regency_code": "6207"})).json()
    assert {s["id"] for s in words["sectors"]} == {"construction", "general"}
