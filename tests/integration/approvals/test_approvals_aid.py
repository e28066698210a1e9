"""Two-person control of contribution aid (docs/API.md §14), end to end with real tokens: a decree
(its additions and reductions), a budget amendment, a treasurer payment and the ending of aid take
effect, with their events naming both persons, only after approval; an approval after the state
changed is re-checked and the proposal records why it failed."""
from __future__ import annotations

import asyncio
import datetime as dt

from tests.integration.aid.conftest import AID, allocate, new_budget
from tests.integration.aid.test_aid_invoices import AGENCY, clean_lines, invoice
from tests.integration.approvals.persons import as_person, decide, head, maker, outbox, person, proposed


async def test_a_budget_that_ran_out_meanwhile_refuses_at_approval_and_the_proposal_says_why(
        clean, api, aid_events, infra):
    aid = await api(AID)
    budget = await new_budget(aid, "6101", amount=10_000_000)
    officer = await as_person(api, infra, AID, maker("6101"))
    cut = {"delta": -9_900_000, "effective_date": "2026-07-01", "reference": "APBD-P 2026", "reason": "refocusing"}
    approval_id = await proposed(await officer.post(f"/v1/budgets/{budget['id']}/amendments", json=cut),
                                 "budget.amend")
    worker = await aid_events.participant("6101")
    assert (await allocate(aid, budget["id"], worker)).status_code == 201  # commits 201 600 > 100 000 left

    head_client = await as_person(api, infra, AID, head("6101"))
    problem = await decide(head_client, approval_id, expect=409)
    assert problem["type"].endswith("amendment-below-committed")
    assert (problem["approval_id"], problem["approval_state"]) == (approval_id, "failed")
    record = (await head_client.get(f"/v1/approvals/{approval_id}")).json()
    assert record["state"] == "failed" and record["failure"]["type"].endswith("amendment-below-committed")
    assert record["deciders"][0]["id"] == "kadis-6101-1"
    assert (await aid.get(f"/v1/budgets/{budget['id']}")).json()["amount"] == 10_000_000
    assert outbox(infra, AID, "BudgetAmended") == []


async def test_an_approved_budget_amendment_names_both_persons(clean, api, infra):
    aid = await api(AID)
    budget = await new_budget(aid, "6101", amount=10_000_000)
    officer = await as_person(api, infra, AID, maker("6101"))
    approval_id = await proposed(await officer.post(f"/v1/budgets/{budget['id']}/amendments", json={
        "delta": 5_000_000, "effective_date": "2026-07-01", "reference": "APBD-P 2026"}), "budget.amend")
    assert (await aid.get(f"/v1/budgets/{budget['id']}")).json()["amount"] == 10_000_000
    done = await decide(await as_person(api, infra, AID, head("6101")), approval_id)
    assert (done["state"], done["result"]["amount"]) == ("executed", 15_000_000)
    [event] = outbox(infra, AID, "BudgetAmended")
    assert (event["amount"], event["proposed_by"], event["approved_by"]) == (15_000_000, "petugas-6101",
                                                                              "kadis-6101-1")


async def test_a_tabalong_decree_passes_the_verification_team_then_the_office_head(clean, api, aid_events, infra):
    people = await aid_events.participants(3, "6309")
    officer = await as_person(api, infra, AID, maker("6309"))
    body = {"regency_code": "6309", "scheme": "vulnerable_worker_aid", "number": "188.45/3/2026",
            "decree_date": "2026-02-01", "quota": 3}
    response = await officer.post("/v1/decrees", json=body)
    approval_id = await proposed(response, "decree.issue")
    assert response.json()["levels_required"] == 2
    head_client = await as_person(api, infra, AID, head("6309"))
    assert (await decide(head_client, approval_id, expect=403))["type"].endswith("approving-role-missing")
    verifier = await as_person(api, infra, AID, person("verif-6309", "Tim Verifikasi", ["verifikator"], ["6309"]))
    first = await decide(verifier, approval_id)
    assert (first["state"], first["levels_done"]) == ("pending", 1)
    assert outbox(infra, AID, "DecreeIssued") == []
    done = await decide(head_client, approval_id)
    assert done["state"] == "executed" and done["result"]["additions"] == [str(p) for p in people]
    assert [d["role"] for d in done["deciders"]] == ["verifikator", "kepala_dinas"]
    [event] = outbox(infra, AID, "DecreeIssued")
    assert (event["proposed_by"], event["approved_by"]) == ("petugas-6309", "kadis-6309-1")


async def test_a_decree_change_reducing_the_list_waits_for_approval(clean, api, aid_events, infra):
    aid = await api(AID)
    first, second = await aid_events.participants(2, "6207", scheme="aid_recipient_verification")
    body = {"regency_code": "6207", "scheme": "aid_recipient_verification", "quota": 2}
    assert (await aid.post("/v1/decrees", json={**body, "number": "1/2026", "decree_date": "2026-01-10"})
            ).status_code == 201
    await aid_events.terminated(second, "6207", "deceased", dt.date(2026, 3, 2))
    officer = await as_person(api, infra, AID, maker("6207"))
    approval_id = await proposed(await officer.post("/v1/decrees", json={
        **body, "number": "2/2026", "decree_date": "2026-04-01"}), "decree.issue")
    assert len((await aid.get("/v1/decrees", params={"regency_code": "6207"})).json()["items"]) == 1
    done = await decide(await as_person(api, infra, AID, head("6207")), approval_id)
    assert done["result"]["reductions"] == [{"participant_id": str(second), "reason": "deceased"}]
    assert done["result"]["recipients"] == [str(first)]
    events = outbox(infra, AID, "DecreeIssued")
    assert [(e["removed"], e.get("approved_by")) for e in events] == [([], None), ([str(second)], "kadis-6207-1")]


async def test_a_treasurer_payment_is_recorded_only_after_approval(clean, api, aid_events, infra):
    aid = await api(AID)
    budget = await new_budget(aid, "6405", amount=50_000_000, payer=AGENCY)
    people = await aid_events.participants(2, "6405")
    for pid in people:
        assert (await allocate(aid, budget["id"], pid)).status_code == 201
    imported = (await aid.post("/v1/invoices", json=invoice(budget, clean_lines(people)))).json()
    treasurer = await as_person(api, infra, AID, person("bendahara-6405", "Bendahara", ["bendahara"], ["6405"]))
    payment = {"transfer_reference": "SP2D-0042/2026", "paid_on": "2026-04-10"}
    approval_id = await proposed(await treasurer.post(f"/v1/invoices/{imported['id']}/payments", json=payment),
                                 "payment.record")
    assert (await aid.get(f"/v1/invoices/{imported['id']}")).json()["status"] == imported["status"]
    assert outbox(infra, AID, "ContributionPaid") == []
    done = await decide(await as_person(api, infra, AID, head("6405")), approval_id)
    assert done["result"]["payment"]["amount"] == imported["matched_total"]
    assert (await aid.get(f"/v1/invoices/{imported['id']}")).json()["status"] == "paid"
    [event] = outbox(infra, AID, "ContributionPaid")
    assert (event["proposed_by"], event["approved_by"]) == ("bendahara-6405", "kadis-6405-1")


async def test_ending_aid_releases_the_money_only_after_approval(clean, api, aid_events, infra):
    aid = await api(AID)
    budget = await new_budget(aid, "6101", amount=10_000_000)
    worker = await aid_events.participant("6101")
    assert (await allocate(aid, budget["id"], worker)).status_code == 201
    officer = await as_person(api, infra, AID, maker("6101"))
    ending = {"reason": "no_longer_vulnerable", "effective_date": "2026-03-15", "reference": "560/12/DISNAKER"}
    approval_id = await proposed(await officer.post(f"/v1/participants/{worker}/aid-endings", json=ending),
                                 "aid.end")
    assert (await aid.get(f"/v1/budgets/{budget['id']}")).json()["committed"] == 12 * 16_800
    assert outbox(infra, AID, "AidEnded") == outbox(infra, AID, "AidReleased") == []
    done = await decide(await as_person(api, infra, AID, head("6101")), approval_id)
    assert done["result"]["released_amount"] == 9 * 16_800  # April to December go back
    assert (await aid.get(f"/v1/budgets/{budget['id']}")).json()["committed"] == 3 * 16_800
    [ended] = outbox(infra, AID, "AidEnded")
    [released] = outbox(infra, AID, "AidReleased")
    assert {(e["proposed_by"], e["approved_by"]) for e in (ended, released)} == {("petugas-6101", "kadis-6101-1")}
    again = await officer.post(f"/v1/participants/{worker}/aid-endings", json=ending)
    assert again.status_code == 409 and again.json()["type"].endswith("aid-already-ended")  # refused when proposed


async def test_systems_end_aid_at_once(clean, api, aid_events):
    aid = await api(AID)
    worker = await aid_events.participant("6101")
    response = await aid.post(f"/v1/participants/{worker}/aid-endings", json={
        "reason": "moved_out", "effective_date": "2026-03-15", "reference": "560/13/DISNAKER"})
    assert response.status_code == 201 and response.json()["status"] == "terminated", response.text
    assert (await aid.post(f"/v1/participants/{worker}/aid-endings", json={
        "reason": "moved_out", "effective_date": "2026-03-15", "reference": "x", "extra": 1})).status_code == 422


async def test_concurrent_approvals_of_one_proposal_execute_it_once(clean, api, infra):
    """Three office heads approve the same proposals at the same moment, each over its own app and
    database connections: per proposal one approval executes, the others are 409."""
    aid = await api(AID)
    budget = await new_budget(aid, "6101", amount=10_000_000)
    officer = await as_person(api, infra, AID, maker("6101"))
    approvers = [await as_person(api, infra, AID, head("6101", n)) for n in (1, 2, 3)]
    proposals = []
    for n in range(5):
        proposals.append(await proposed(await officer.post(f"/v1/budgets/{budget['id']}/amendments", json={
            "delta": 1_000, "effective_date": "2026-07-01", "reference": f"P-{n}"}), "budget.amend"))
    for approval_id in proposals:
        answers = await asyncio.gather(*[client.post(f"/v1/approvals/{approval_id}/decisions",
                                                     json={"decision": "approve"}) for client in approvers])
        assert sorted(a.status_code for a in answers) == [200, 409, 409], [a.text for a in answers]
    assert len(outbox(infra, AID, "BudgetAmended")) == 5
    assert (await aid.get(f"/v1/budgets/{budget['id']}")).json()["amount"] == 10_005_000
    assert infra.sql(AID, "SELECT count(*) FROM budget_amendments") == [(5,)]
    assert infra.sql(AID, "SELECT state, count(*) FROM approvals GROUP BY state") == [("executed", 5)]
