"""docs/API.md §7 registration against the regency's lists (category, occupation, village kind,
coordinates, NIK), the employer link, concurrent retries with one Idempotency-Key, and what
ParticipantRegistered carries."""
from __future__ import annotations

import asyncio
import datetime as dt

from tests.factories import make_nik, participant_body
from tests.integration.registry.helpers import employer_body, events_about

BIRTH = dt.date(1971, 4, 9)  # this module's NIKs


def body(regency="6207", serial=1, **overrides):
    return participant_body(regency, birth_date=BIRTH, serial=serial, **overrides)


async def test_category_and_occupation_come_from_the_regency_lists(infra, api):
    registry = await api("registry")
    cases = [({"category": "petani"}, "category"),
             ({"occupation": "street_vendor_typo"}, "occupation"),
             ({"occupation": "village_head"}, "occupation"),  # Lamandau, but of the village-government category
             ({"worker_type": "pu"}, "worker_type"),  # vulnerable workers are bpu
             ({"village_code": "6207013001"}, "village_code"),  # village part must start with 1 or 2
             ({"latitude": 1.2, "longitude": None}, "longitude"),
             ({"latitude": 40.0}, "latitude")]
    for overrides, field in cases:
        response = await registry.post("/v1/participants", json=body(serial=11, **overrides))
        assert response.status_code == 422, (overrides, response.text)
        assert field in {e["field"] for e in response.json()["errors"]}, (overrides, response.json())
    assert infra.sql("registry", "SELECT count(*) FROM participants WHERE birth_date = %s", (BIRTH,))[0][0] == 0


async def test_unknown_regency_and_unknown_employer_are_422(infra, api):
    registry = await api("registry")
    response = await registry.post("/v1/participants", json={**body(serial=12), "regency_code": "9901"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "regency_code"
    other = (await registry.post("/v1/employers", json=employer_body("6101"))).json()["id"]
    for employer_id in ("3f1c1e0e-0000-4000-8000-000000000000", other):  # unknown / another regency's
        response = await registry.post("/v1/participants", json=body(serial=12, employer_id=employer_id))
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "employer_id", "message": response.json()["errors"][0]["message"]}
        ]


async def test_wage_worker_linked_to_an_employer_of_the_right_kind(infra, api):
    registry = await api("registry")
    company = (await registry.post("/v1/employers", json=employer_body("6207", sector="general"))).json()["id"]
    wage_worker = body(serial=13, worker_type="pu", category="non_state_employer_worker",
                       occupation="company_worker", employer_id=company)
    created = await registry.post("/v1/participants", json=wage_worker)
    assert created.status_code == 201, created.text
    state = (await registry.post("/v1/employers", json=employer_body("6207", kind="state", sector="general"))).json()
    mismatch = await registry.post("/v1/participants", json={**wage_worker, "nik": body(serial=14)["nik"],
                                                                 "employer_id": state["id"]})
    assert mismatch.status_code == 422
    assert mismatch.json()["errors"][0]["field"] == "employer_id"
    event = events_about(infra, "ParticipantRegistered", "participant_id", created.json()["id"])[0]
    assert event["employer_id"] == company
    assert (await registry.get(f"/v1/employers/{company}")).json()["registered_workers"] == 1


async def test_event_carries_village_kind_and_district(infra, api):
    registry = await api("registry")
    desa = await registry.post("/v1/participants", json=body(serial=15, village_code="6207032005"))
    kelurahan = await registry.post("/v1/participants", json=body(serial=16, village_code="6207031002"))
    assert desa.status_code == kelurahan.status_code == 201
    assert desa.json()["village_kind"] == "desa" and kelurahan.json()["village_kind"] == "kelurahan"
    event = events_about(infra, "ParticipantRegistered", "participant_id", kelurahan.json()["id"])[0]
    assert (event["village_kind"], event["district_code"], event["village_code"]) == ("kelurahan", "620703",
                                                                                     "6207031002")
    assert "nik" not in event and "mother_maiden_name" not in event and "address" not in event


async def test_nik_from_another_regency_is_a_notice_not_an_error(infra, api):
    registry = await api("registry")
    moved_in = body(serial=17, nik=participant_body("6101", birth_date=BIRTH, serial=17)["nik"])
    response = await registry.post("/v1/participants", json=moved_in)
    assert response.status_code == 201, response.text
    assert [n["field"] for n in response.json()["notices"]] == ["nik"]


async def test_concurrent_retries_with_one_key_get_the_first_answer(infra, api):
    registry = await api("registry")
    request = body(serial=18)
    headers = {"Idempotency-Key": f"race-{BIRTH}-18-{dt.datetime.now().timestamp()}"}
    answers = await asyncio.gather(*(registry.post("/v1/participants", json=request, headers=headers)
                                     for _ in range(4)))
    assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    stored = infra.sql("registry", "SELECT count(*) FROM participants WHERE id = %s", (answers[0].json()["id"],))
    assert stored[0][0] == 1
    assert len(events_about(infra, "ParticipantRegistered", "participant_id", answers[0].json()["id"])) == 1


async def test_concurrent_registrations_of_one_nik_without_key_are_one_201_and_409s(infra, api):
    registry = await api("registry")
    request = body(serial=19)
    answers = await asyncio.gather(*(registry.post("/v1/participants", json=request) for _ in range(3)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text for a in answers]


async def test_village_codes_are_checked_against_the_kemendagri_place_list(infra, api):
    """Berau is 6405 (BPS, the regency code) but 64.03 for Kemendagri: Kampung Merabu 6403012001 is
    known; a well-formed code missing from places.csv is registered with a notice, not refused."""
    registry = await api("registry")
    berau = {"latitude": None, "longitude": None}
    berau["nik"] = make_nik("6403", BIRTH, "M", serial=41)  # Dukcapil's NIK begins with 64.03 too
    real = await registry.post("/v1/participants", json=participant_body("6405", birth_date=BIRTH, serial=41,
                                                                         **berau, village_code="6403012001"))
    assert real.status_code == 201, real.text
    assert real.json()["notices"] == [] and real.json()["village_kind"] == "desa"  # a Kampung counts as desa
    berau["nik"] = make_nik("6403", BIRTH, "M", serial=42)
    unknown = await registry.post("/v1/participants", json=participant_body("6405", birth_date=BIRTH, serial=42,
                                                                            **berau, village_code="6403012999"))
    assert unknown.status_code == 201, unknown.text
    assert [(n["field"], n["message"]) for n in unknown.json()["notices"]] == [(
        "village_code", "kode desa/kelurahan tidak dikenal di Kepmendagri 300.2.2-2138/2025 / unknown village code")]
