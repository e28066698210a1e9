"""docs/API.md §7 employers (NIB, NPWP checks) and the OSS/PTSP feed: upsert by NIB,
EmployerRegistered, and the licensing gap opened and closed once each."""
from __future__ import annotations

from tests.factories import make_nik
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry.helpers import employer_body, events_about, new_nib


async def test_register_and_read_an_employer(infra, api):
    registry = await api("registry")
    body = employer_body("6101", bpjs_registration_number="12345678", workers=12)
    created = await registry.post("/v1/employers", json=body)
    assert created.status_code == 201, created.text
    employer_id = created.json()["id"]
    read = (await registry.get(f"/v1/employers/{employer_id}")).json()
    assert (read["nib"], read["npwp"], read["sector"]) == (body["nib"], "0012345674407000", "construction")
    event = events_about(infra, "EmployerRegistered", "employer_id", employer_id)
    assert [(e["nib"], e["workers"], e["bpjs_registration_number"]) for e in event] == [(body["nib"], 12, "12345678")]
    assert (await registry.post("/v1/employers", json=body)).status_code == 409


async def test_nib_npwp_kind_scale_and_sector_are_checked(infra, api):
    registry = await api("registry")
    for overrides, field in [({"nib": "12345"}, "nib"), ({"npwp": "01.234.567.5-407.000"}, "npwp"),
                             ({"kind": "public"}, "kind"), ({"business_scale": "huge"}, "business_scale"),
                             ({"sector": "mining_typo"}, "sector")]:
        response = await registry.post("/v1/employers", json=employer_body("6101", **overrides))
        assert response.status_code == 422, overrides
        assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_a_persons_npwp_is_their_nik_and_is_masked(infra, api):
    registry = await api("registry")
    nik = make_nik("6101", serial=4711)
    created = (await registry.post("/v1/employers", json=employer_body("6101", npwp=nik, kind="non_state"))).json()
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    seen = (await viewer.get(f"/v1/employers/{created['id']}")).json()
    assert seen["npwp"] == nik[:6] + "******" + nik[-4:]
    stored = infra.sql("registry", "SELECT npwp, npwp_cipher FROM employers WHERE id = %s", (created["id"],))[0]
    assert stored[0] is None and nik not in stored[1]


async def test_oss_feed_needs_its_scope(infra, api):
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    assert (await clerk.post("/v1/oss/notifications", json={**employer_body("6101"), "workers": 3})).status_code == 403


async def test_oss_gap_is_detected_once_and_restored_once(infra, api):
    oss = await api("registry", key=CLIENT_KEYS["oss"])
    notice = {**employer_body("6207", sector="general"), "workers": 25}
    first = await oss.post("/v1/oss/notifications", json=notice)
    assert first.status_code == 201, first.text
    employer_id = first.json()["employer_id"]
    assert first.json()["compliance_gap"] is True
    again = await oss.post("/v1/oss/notifications", json=notice)
    assert again.status_code == 200 and again.json()["employer_id"] == employer_id
    gaps = events_about(infra, "ComplianceGapDetected", "employer_id", employer_id)
    assert [(g["violation"], g["workers"]) for g in gaps] == [("employer_not_registered_with_workers", 25)]
    assert gaps[0]["citation"] == "Perbup Lamandau No. 25/2024 Pasal 14 ayat (1)"
    assert len(events_about(infra, "EmployerRegistered", "employer_id", employer_id)) == 1  # unchanged: no event
    registered = await oss.post("/v1/oss/notifications", json={**notice, "workers": 26,
                                                               "bpjs_registration_number": "NPP-7788"})
    assert registered.json()["compliance_gap"] is False
    await oss.post("/v1/oss/notifications", json={**notice, "workers": 26, "bpjs_registration_number": "NPP-7788"})
    restored = events_about(infra, "ComplianceRestored", "employer_id", employer_id)
    assert [(r["bpjs_registration_number"], r["workers"]) for r in restored] == [("NPP-7788", 26)]
    assert len(events_about(infra, "EmployerRegistered", "employer_id", employer_id)) == 2


async def test_employer_without_workers_opens_no_gap(infra, api):
    oss = await api("registry", key=CLIENT_KEYS["oss"])
    none = await oss.post("/v1/oss/notifications", json={**employer_body("6207", nib=new_nib()), "workers": 0})
    assert none.json()["compliance_gap"] is False
    assert events_about(infra, "ComplianceGapDetected", "employer_id", none.json()["employer_id"]) == []
