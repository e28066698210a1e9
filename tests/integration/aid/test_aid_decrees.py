"""Recipient decrees (Keputusan Bupati) and the Sambas palm-oil RKP DBH Sawit."""
from __future__ import annotations

import datetime as dt

from shared.events.contracts import TerminationRecommended
from tests.integration.aid.conftest import AID, allocate, evaluated, new_budget

SCHEME = "aid_recipient_verification"


def decree(number, date, **extra):
    return {"regency_code": "6207", "scheme": SCHEME, "number": number, "decree_date": date, **extra}


async def test_decree_lists_approved_candidates_with_additions_and_reductions(clean, aid, aid_events):
    first, second, third, fourth = await aid_events.participants(4, "6207", scheme=SCHEME)
    refused = await aid_events.participant("6207", scheme=SCHEME, outcome="ineligible")
    response = await aid.post("/v1/decrees", json=decree("188.45/12/2026", "2026-01-10", quota=3))
    assert response.status_code == 201, response.text
    issued = response.json()
    assert issued["recipients"] == [str(first), str(second), str(third)]  # earliest approval first, cut at quota
    assert issued["additions"] == issued["recipients"] and issued["reductions"] == []
    assert "Perbup Lamandau No. 25/2024 Pasal 26" in issued["citations"]

    await aid_events.terminated(second, "6207", "deceased", dt.date(2026, 3, 2))
    ranking = [str(fourth), str(first), str(refused), str(third)]
    change = await aid.post("/v1/decrees", json=decree("188.45/40/2026", "2026-04-02", quota=3, ranking=ranking))
    assert change.status_code == 201, change.text
    body = change.json()
    assert body["recipients"] == [str(fourth), str(first), str(third)]
    assert body["additions"] == [str(fourth)]
    assert body["reductions"] == [{"participant_id": str(second), "reason": "deceased"}]
    assert body["not_approved"] == [str(refused)]
    assert body["previous_number"] == "188.45/12/2026"
    assert "Perbup Lamandau No. 25/2024 Pasal 28 ayat (2) huruf b" in body["citations"]

    read = (await aid.get(f"/v1/decrees/{body['id']}")).json()  # what the registry exports to BPJS
    assert read["recipients"] == body["recipients"]
    events = clean.sql(AID, "SELECT envelope->'payload' FROM outbox WHERE event_type = 'DecreeIssued' ORDER BY id")
    assert [(e[0]["recipients"], e[0]["added"], e[0]["removed"]) for e in events] == [
        (3, issued["additions"], []), (3, [str(fourth)], [str(second)])]
    again = await aid.post("/v1/decrees", json=decree("188.45/12/2026", "2026-05-01"))
    assert again.status_code == 409 and again.json()["type"].endswith("decree-number-reused")
    earlier = await aid.post("/v1/decrees", json=decree("188.45/41/2026", "2026-03-01"))
    assert earlier.status_code == 422 and earlier.json()["type"].endswith("decree-date-before-previous")


async def test_quota_without_a_number_is_what_the_budgets_afford(clean, aid, aid_events):
    await aid_events.participants(5, "6207", scheme=SCHEME)
    await new_budget(aid, regency_code="6207", amount=2 * 12 * 16_800 + 16_799)
    body = (await aid.post("/v1/decrees", json=decree("1/2026", "2026-01-10"))).json()
    assert body["quota"] == 2 and len(body["recipients"]) == 2


async def test_palm_oil_rkp_adjusted_on_death_and_shortfall_moved_to_apbd_by_decision(clean, aid, aid_events):
    workers = await aid_events.participants(5, scheme="palm_oil_worker_aid")
    unit = 12 * 16_800
    response = await aid.post("/v1/palm-oil/rkp", json={"regency_code": "6101", "fiscal_year": 2026,
                                                        "ceiling": 3 * unit, "duration_months": 12})
    assert response.status_code == 201, response.text
    rkp = response.json()
    assert rkp["recipients"] == [str(w) for w in workers[:3]] and rkp["waiting"] == [str(w) for w in workers[3:]]
    assert {f["code"]: f["value"] for f in rkp["fields"]} == {"recipients": 3, "amount": 3 * unit,
                                                              "duration_months": 12}
    assert "Perbup Sambas No. 59/2025 Pasal 26 ayat (4) huruf a" in rkp["citations"]

    await aid_events.terminated(workers[1], "6101", "deceased", dt.date(2026, 2, 1))
    adjusted = (await aid.post(f"/v1/palm-oil/rkp/{rkp['id']}/adjustments", json={})).json()
    assert adjusted["removed"] == [{"participant_id": str(workers[1]), "reason": "death"}]
    assert adjusted["added"] == [str(workers[3])]  # refilled from the waiting list
    assert adjusted["recipients"] == [str(workers[0]), str(workers[2]), str(workers[3])]

    url = f"/v1/palm-oil/rkp/{rkp['id']}/shortfall-moves"
    cut = {"realised_ceiling": 2 * unit, "decided_on": "2026-06-01"}
    missing = await aid.post(url, json=cut)
    assert missing.status_code == 422 and missing.json()["type"].endswith("decision-missing")
    apbd = await new_budget(aid)
    moved = await aid.post(url, json={**cut, "decision_reference": "KEP/BUP/77/2026", "apbd_budget_id": apbd["id"]})
    assert moved.status_code == 201, moved.text
    assert (moved.json()["amount"], moved.json()["recipients"]) == (unit, [str(workers[3])])
    assert moved.json()["citations"] == ["Perbup Sambas No. 59/2025 Pasal 25 ayat (3)"]
    history = (await aid.get(f"/v1/palm-oil/rkp/{rkp['id']}")).json()["changes"]
    assert [c["kind"] for c in history] == ["adjustment", "shortfall"]
    assert (await aid.post("/v1/palm-oil/rkp", json={"regency_code": "6405", "fiscal_year": 2026, "ceiling": 1,
                                                     "duration_months": 12})).status_code == 422


async def test_newest_evaluation_wins_whatever_the_arrival_order(clean, aid, aid_events):
    person = await aid_events.participant("6207", scheme=SCHEME)
    await aid_events.apply((evaluated(person, SCHEME, "ineligible", as_of=dt.date(2026, 2, 1)), "6207"),
                           (evaluated(person, SCHEME, "eligible", as_of=dt.date(2025, 12, 1)), "6207"))
    budget = await new_budget(aid, regency_code="6207")
    response = await allocate(aid, budget["id"], person)
    assert response.status_code == 422 and response.json()["type"].endswith("evaluation-missing")


async def test_recommended_removal_reduces_the_next_decree_until_a_later_approval(clean, aid, aid_events):
    kept, flagged = await aid_events.participants(2, "6207", scheme=SCHEME)
    first = (await aid.post("/v1/decrees", json=decree("1/2026", "2026-01-10", quota=5))).json()
    assert first["recipients"] == [str(kept), str(flagged)]
    await aid_events.apply((TerminationRecommended(participant_id=flagged, reason="not_found",
                                                   as_of=dt.date(2026, 3, 1), citation="Pasal 28(2) huruf b"), "6207"))
    second = (await aid.post("/v1/decrees", json=decree("2/2026", "2026-03-10", quota=5))).json()
    assert second["reductions"] == [{"participant_id": str(flagged), "reason": "not_found"}]
    await aid_events.apply((evaluated(flagged, SCHEME, as_of=dt.date(2026, 4, 1)), "6207"))
    third = (await aid.post("/v1/decrees", json=decree("3/2026", "2026-04-10", quota=5))).json()
    assert third["additions"] == [str(flagged)]
