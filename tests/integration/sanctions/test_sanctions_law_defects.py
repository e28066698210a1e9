"""Issue 11 law defects, tried as a client would over the API and a real database and broker:
a part payment of the fine lifts nothing (Lamandau Pasal 32 huruf a, Tabalong Pasal 28(5)), and a
case against a state body opened before the sanctions worker heard of it is never imposed
(Tabalong Pasal 28(1), Lamandau Pasal 30(1))."""
from __future__ import annotations

import uuid

from tests.integration.conftest import eventually
from tests.integration.registry.helpers import employer_body
from tests.integration.sanctions.helpers import clearance, open_case, post

LAMANDAU, TABALONG = "6207", "6309"


async def _evidence(client, case_id: str, kind: str, date: str, **extra) -> dict:
    return await post(client, f"/v1/cases/{case_id}/evidence", {"kind": kind, "reference": f"{kind}/{date}",
                                                                "date": date, **extra})


async def _impose(client, case_id: str, expect: int = 200) -> dict:
    return await post(client, f"/v1/cases/{case_id}/decisions", {
        "decision": "impose", "decree_number": "188.45/11/2026", "services": ["business_license"],
        "date": "2026-10-05"}, expect=expect)


async def test_lamandau_part_payment_keeps_tmp2t_and_shows_what_is_owed_pasal_32_a(sanctions):
    employer = uuid.uuid4()
    case = await open_case(sanctions, LAMANDAU, employer, source="system", reference="OSS", date="2026-10-01")
    await _evidence(sanctions, case["id"], "fine_imposed", "2026-10-01", amount=10_000_000)
    await open_case(sanctions, LAMANDAU, employer, expect=200, reference="B/1/2026", date="2026-10-02")
    await open_case(sanctions, LAMANDAU, employer, expect=200, source="inspector_recommendation",
                    reference="560/1/PK/2026", date="2026-10-02")
    assert (await _impose(sanctions, case["id"]))["state"] == "imposed"

    await _evidence(sanctions, case["id"], "fine_paid", "2026-10-06", amount=4_000_000)
    after = await _evidence(sanctions, case["id"], "registered", "2026-10-07")
    assert (after["state"], after["active"]) == ("imposed", True)
    assert after["fine"] == {"imposed": 10_000_000, "paid": 4_000_000, "outstanding": 6_000_000, "settled": False,
                             "settled_on": None}
    (missing,) = after["decision"]["missing"]
    assert missing["id"] == "fine_paid" and "kurang Rp6.000.000" in missing["label"]
    assert missing["citation"] == "Perbup Lamandau No. 25/2024 Pasal 32 huruf a"
    assert (await clearance(sanctions, LAMANDAU, "business_license", employer_id=employer))["allowed"] is False

    lifted = await _evidence(sanctions, case["id"], "fine_paid", "2026-10-08", amount=6_000_000)
    assert (lifted["state"], lifted["lifted_on"], lifted["fine"]["outstanding"]) == ("lifted", "2026-10-08", 0)
    assert (await clearance(sanctions, LAMANDAU, "business_license", employer_id=employer))["allowed"] is True


async def test_tabalong_part_payment_keeps_tmp2t_pasal_28_5(sanctions):
    case = await open_case(sanctions, TABALONG, source="system", reference="OSS", date="2026-10-01")
    await _evidence(sanctions, case["id"], "fine_imposed", "2026-10-01", amount=10_000_000)
    await _evidence(sanctions, case["id"], "bpjs_request", "2026-10-02")
    await _impose(sanctions, case["id"])
    await _evidence(sanctions, case["id"], "registered", "2026-10-06")
    partly = await _evidence(sanctions, case["id"], "fine_paid", "2026-10-07", amount=4_000_000)
    assert partly["state"] == "imposed" and partly["fine"]["outstanding"] == 6_000_000
    assert partly["decision"]["missing"][0]["citation"] == "Perbup Tabalong No. 5/2025 Pasal 28 ayat (5)"


async def test_a_case_opened_before_the_state_employer_reached_sanctions_is_never_imposed(
        api, infra, sanctions, workers):
    """The race: the registry registers a state body; a BPJS letter about it reaches sanctions before
    the sanctions worker has consumed EmployerRegistered. Imposing then waits (refused with the
    reason), and once the event is in, it is refused because the employer is a state body."""
    registry = await api("registry")
    created = await registry.post("/v1/employers", json=employer_body(TABALONG, kind="state", name="Dinas PUPR"))
    assert created.status_code == 201, created.text
    employer = created.json()["id"]

    opened = await sanctions.post("/v1/cases", json={
        "regency_code": TABALONG, "employer_id": employer, "violation": "employer_not_registered",
        "source": "bpjs_request", "reference": "B/9/2026", "date": "2026-10-01"})
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert case["subject"] == {"kind": "employer", "id": employer, "confirmed": False}

    waiting = await _impose(sanctions, case["id"], expect=422)
    assert "belum dikenal layanan sanksi" in waiting["detail"] and "not yet received" in waiting["detail"]
    assert waiting["missing"][0]["citation"] == "Perbup Tabalong No. 5/2025 Pasal 28 ayat (1)"

    await workers("registry", "sanctions")
    await eventually(lambda: infra.sql("sanctions", "SELECT kind FROM known_employers WHERE employer_id = %s",
                                       (employer,)) == [("state",)], timeout=30)
    refused = await _impose(sanctions, case["id"], expect=422)
    subject = [m for m in refused["missing"] if m["id"] == "subject"]
    assert subject[0]["citation"] == "Perbup Tabalong No. 5/2025 Pasal 28 ayat (1)"
    assert "Penyelenggara Negara" in subject[0]["label"]
    assert (await clearance(sanctions, TABALONG, "business_license", employer_id=employer))["allowed"] is True
