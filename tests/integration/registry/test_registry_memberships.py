"""docs/API.md §7 memberships and terminations: programmes the regency runs, funding by worker
type, the seven termination reasons, a decree for aid-funded ones, history kept as versions,
and MembershipStarted / MembershipTerminated naming the same membership."""
from __future__ import annotations

import datetime as dt

from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry.helpers import events_about

BIRTH = dt.date(1972, 6, 3)
REASONS = ["no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out", "not_found", "identity_error",
           "voluntary_withdrawal"]


async def registered(registry, regency: str, serial: int) -> str:
    response = await registry.post("/v1/participants", json=participant_body(regency, birth_date=BIRTH, serial=serial))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def memberships(participant_id: str) -> str:
    return f"/v1/participants/{participant_id}/memberships"


async def test_programme_the_regency_does_not_run_is_422(infra, api):
    registry = await api("registry")
    lamandau = await registered(registry, "6207", 1)
    response = await registry.post(memberships(lamandau), json={"programs": ["JKK", "JKM", "JKP"],
                                                                "start_date": "2026-01-01", "funding": "self"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "programs" and "JKP" in response.json()["errors"][0]["message"]
    sambas = await registered(registry, "6101", 2)
    ok = await registry.post(memberships(sambas), json={"programs": ["JKK", "JKM", "JKP"], "start_date": "2026-01-01",
                                                        "funding": "self"})
    assert ok.status_code == 201, ok.text


async def test_funding_must_fit_the_worker_type_and_programmes_must_not_overlap(infra, api):
    registry = await api("registry")
    participant = await registered(registry, "6207", 3)
    wrong = await registry.post(memberships(participant), json={"programs": ["JKK"], "start_date": "2026-01-01",
                                                                "funding": "employer"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "funding"
    assert (await registry.post(memberships(participant), json={"programs": ["JKK", "JKM"], "start_date": "2026-01-01",
                                                                "funding": "aid"})).status_code == 201
    again = await registry.post(memberships(participant), json={"programs": ["JKM"], "start_date": "2026-02-01",
                                                                "funding": "self"})
    assert again.status_code == 422 and "JKM" in again.json()["errors"][0]["message"]
    extra = await registry.post(memberships(participant), json={"programs": ["JKK"], "start_date": "2026-01-01",
                                                                "funding": "aid", "status": "x"})
    assert extra.status_code == 422


async def test_termination_reasons_and_decree_for_aid(infra, api):
    registry = await api("registry")
    participant = await registered(registry, "6207", 4)
    await registry.post(memberships(participant), json={"programs": ["JKK", "JKM"], "start_date": "2026-01-01",
                                                        "funding": "aid"})
    terminations = f"/v1/participants/{participant}/terminations"
    unknown = await registry.post(terminations, json={"reason": "bored", "effective_date": "2026-03-01"})
    assert unknown.status_code == 422 and all(r in unknown.json()["errors"][0]["message"] for r in REASONS)
    no_decree = await registry.post(terminations, json={"reason": "deceased", "effective_date": "2026-03-01"})
    assert no_decree.status_code == 422 and no_decree.json()["errors"][0]["field"] == "decree_number"
    done = await registry.post(terminations, json={"reason": "deceased", "effective_date": "2026-03-01",
                                                   "decree_number": "188.45/12/2026"})
    assert done.status_code == 201, done.text
    assert "Pasal 27 ayat (2) huruf f" in done.json()["citations"][0]
    nothing_left = await registry.post(terminations, json={"reason": "moved_out", "effective_date": "2026-04-01",
                                                           "decree_number": "188.45/13/2026"})
    assert nothing_left.status_code == 422


async def test_every_contract_reason_is_accepted_for_a_self_funded_membership(infra, api):
    registry = await api("registry")
    for n, reason in enumerate(REASONS):
        participant = await registered(registry, "6101", 10 + n)
        await registry.post(memberships(participant), json={"programs": ["JKK"], "start_date": "2026-01-01",
                                                            "funding": "self"})
        response = await registry.post(f"/v1/participants/{participant}/terminations",
                                       json={"reason": reason, "effective_date": "2026-02-01", "decree_number": None})
        assert response.status_code == 201, (reason, response.text)


async def test_history_is_kept_as_versions_and_events_name_one_membership(infra, api):
    registry = await api("registry")
    participant = await registered(registry, "6101", 20)
    started = await registry.post(memberships(participant), json={"programs": ["JKK", "JKM"],
                                                                  "start_date": "2026-01-01", "funding": "self"})
    membership_id = started.json()["membership_id"]
    await registry.post(f"/v1/participants/{participant}/terminations",
                        json={"reason": "became_wage_earner", "effective_date": "2026-05-01"})
    restarted = await registry.post(memberships(participant), json={"programs": ["JKK"], "start_date": "2026-06-01",
                                                                    "funding": "self"})
    assert restarted.status_code == 201, restarted.text
    history = (await registry.get(memberships(participant))).json()
    versions = [(i["programme"], i["version"], i["end_date"]) for i in history["items"]]
    assert versions == [("JKK", 1, None), ("JKM", 1, None), ("JKK", 2, "2026-05-01"), ("JKM", 2, "2026-05-01"),
                        ("JKK", 1, None)]
    assert [a["programme"] for a in history["active"]] == ["JKK"]
    started_events = events_about(infra, "MembershipStarted", "participant_id", participant)
    assert [(e["programs"], e["source"]) for e in started_events] == [(["JKK", "JKM"], "registry"),
                                                                      (["JKK"], "registry")]
    ended = events_about(infra, "MembershipTerminated", "participant_id", participant)
    assert [(e["membership_ids"], e["reason"]) for e in ended] == [([membership_id], "became_wage_earner")]


async def test_other_regency_participant_is_404_and_reader_cannot_start(infra, api):
    registry = await api("registry")
    berau = await registered(registry, "6405", 30)
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    assert (await clerk.post(memberships(berau), json={"programs": ["JKK"], "start_date": "2026-01-01",
                                                       "funding": "self"})).status_code == 404
    assert (await clerk.get(memberships(berau))).status_code == 404
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    assert (await viewer.post(memberships(berau), json={})).status_code == 403
