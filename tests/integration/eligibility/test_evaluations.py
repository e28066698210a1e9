"""docs/API.md §5 over the in-process app and a real database: the answer, its errors (404, 422,
no-regulation-in-force, invalid or contradicting NIK, unknown fields, 401/403), the audit row
and the EligibilityDetermined event in the outbox, neither holding the raw NIK."""
from __future__ import annotations

import uuid

import pytest

from shared.pii import BlindIndex
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.eligibility.conftest import BLIND_INDEX_KEY

NIK = "6101015506800001"  # Sambas, woman born 1980-06-15
PALM_OIL = {"regency_code": "6101", "scheme": "palm_oil_worker_aid", "as_of": "2026-01-15",
            "applicant": {"nik": NIK, "domicile_regency_code": "6101", "has_ktp": True, "palm_oil_worker": True,
                          "already_protected": False}}


def _body(**applicant):
    return {**PALM_OIL, "applicant": {**PALM_OIL["applicant"], **applicant}}


async def test_eligible_answer_is_audited_and_announced_without_the_nik(clean, api):
    eligibility = await api("eligibility", key=CLIENT_KEYS["clerk-6101"])
    participant = str(uuid.uuid4())
    response = await eligibility.post("/v1/evaluations", json={**PALM_OIL, "participant_id": participant})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["outcome"], body["eligible"], body["programs"], body["missing_facts"]) == (
        "eligible", True, ["JKK", "JKM"], [])
    assert body["regulation"] == {"id": "perbup-sambas-59-2025", "title": "Perbup Sambas No. 59/2025",
                                  "in_force_from": "2025-11-21"}
    age = next(c for c in body["checks"] if c["rule"] == "age")
    assert age == {"rule": "age", "passed": True, "requirement": "18 <= age < 58", "facts": {"age": 45},
                   "citation": "Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf d", "label": age["label"]}
    assert all(c["citation"] for c in body["checks"])

    nik_index = BlindIndex.from_settings(BLIND_INDEX_KEY).digest(NIK, purpose="nik")
    [audit] = clean.sql("eligibility", "SELECT requested_by, regency_code, scheme, as_of::text, regulation_id, "
                                       "profile_version, outcome, failed_rules, checks, nik_index, nik_masked, "
                                       "participant_id::text, id::text FROM evaluations")
    assert audit[:5] == ("clerk-6101", "6101", "palm_oil_worker_aid", "2026-01-15", "perbup-sambas-59-2025")
    assert (audit[6], audit[7], len(audit[8])) == ("eligible", [], len(body["checks"]))
    assert (audit[9], audit[10], audit[11]) == (nik_index, "610101******0001", participant)
    assert audit[12] == body["evaluation_id"]
    [(event_type, envelope)] = clean.sql("eligibility", "SELECT event_type, envelope FROM outbox")
    assert event_type == "EligibilityDetermined" and envelope["regency_code"] == "6101"
    payload = envelope["payload"]
    assert (payload["outcome"], payload["programs"], payload["participant_id"]) == (
        "eligible",
        ["JKK", "JKM"],
        participant,
    )
    assert payload["subject_ref"] == f"participant:{participant}"
    rows = clean.sql("eligibility", "SELECT count(*) FROM evaluations WHERE checks::text LIKE %s "
                                    "OR subject_ref LIKE %s", (f"%{NIK}%", f"%{NIK}%"))
    assert NIK not in str(envelope) and rows == [(0,)]


async def test_subject_is_the_nik_blind_index_without_participant(clean, api):
    eligibility = await api("eligibility")
    body = (await eligibility.post("/v1/evaluations", json=_body(already_protected=True))).json()
    assert (body["outcome"], body["eligible"], body["programs"]) == ("ineligible", False, [])
    assert [c["rule"] for c in body["checks"] if c["passed"] is False] == ["not_yet_registered"]
    [(payload,)] = clean.sql("eligibility", "SELECT envelope->'payload' FROM outbox")
    assert payload["subject_ref"] == "nik:" + BlindIndex.from_settings(BLIND_INDEX_KEY).digest(NIK, purpose="nik")
    assert payload["failed_rules"] == ["not_yet_registered"] and payload["participant_id"] is None


async def test_missing_facts_need_information_and_as_of_defaults_to_today(clean, api):
    eligibility = await api("eligibility")
    response = await eligibility.post("/v1/evaluations", json={"regency_code": "6101", "scheme": "palm_oil_worker_aid",
                                                               "applicant": {"palm_oil_worker": True}})
    body = response.json()
    assert (body["outcome"], body["eligible"]) == ("needs_information", None)
    assert body["missing_facts"] == ["has_ktp", "domicile_regency_code", "birth_date", "already_protected"]
    [(subject,)] = clean.sql("eligibility", "SELECT subject_ref FROM evaluations")
    assert subject == f"evaluation:{body['evaluation_id']}"


@pytest.mark.parametrize("body,status,slug,field", [
    ({**PALM_OIL, "regency_code": "9999"}, 404, "unknown-regency", None),
    ({**PALM_OIL, "scheme": "bpu_registration"}, 422, "scheme-not-offered", None),
    ({**PALM_OIL, "as_of": "2025-11-20"}, 422, "no-regulation-in-force", None),
    (_body(nik="6101013102800001"), 422, "validation-error", "applicant.nik"),
    (_body(birth_date="1980-06-16"), 422, "validation-error", "applicant.birth_date"),
    (_body(sex="M"), 422, "validation-error", "applicant.sex"),
    (_body(has_ktp="yes"), 422, "validation-error", "applicant.has_ktp"),
    (_body(income=1), 422, "validation-error", "applicant.income"),
    (_body(registered_by_employer=True), 422, "validation-error", "applicant.registered_by_employer"),
    ({**PALM_OIL, "extra": 1}, 422, "validation-error", "extra"),
    ({**PALM_OIL, "as_of": "15-01-2026"}, 422, "validation-error", "as_of"),
])
async def test_refusals(clean, api, body, status, slug, field):
    eligibility = await api("eligibility")
    response = await eligibility.post("/v1/evaluations", json=body)
    assert response.status_code == status, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["type"].endswith(slug) and problem["status"] == status
    if field:
        assert field in [e["field"] for e in problem["errors"]]
    assert clean.sql("eligibility", "SELECT count(*) FROM evaluations") == [(0,)]
    assert clean.sql("eligibility", "SELECT count(*) FROM outbox") == [(0,)]


async def test_keys_scopes_and_regencies(clean, api):
    assert (await (await api("eligibility", key=None)).post("/v1/evaluations", json=PALM_OIL)).status_code == 401
    viewer = await api("eligibility", key=CLIENT_KEYS["viewer-6101"])
    assert (await viewer.post("/v1/evaluations", json=PALM_OIL)).status_code == 403
    clerk = await api("eligibility", key=CLIENT_KEYS["clerk-6101"])
    berau = {"regency_code": "6405", "scheme": "vulnerable_worker_aid", "applicant": {}}
    assert (await clerk.post("/v1/evaluations", json=berau)).status_code == 403
