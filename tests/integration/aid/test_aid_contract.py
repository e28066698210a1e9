"""docs/API.md §8 as an outside client sees it: budgets, allocations, budget exhausted, and the
404 / 422 / 403 answers around them."""
from __future__ import annotations

import datetime as dt
import uuid

from contribution_aid.domain.allocations import aided_monthly_contribution
from contribution_aid.domain.policy import load_aid_policy
from tests.integration.aid.conftest import allocate, new_budget
from tests.integration.conftest import CLIENT_KEYS


def monthly_in_force(regency_code: str) -> int:
    return aided_monthly_contribution(load_aid_policy(regency_code), dt.date.today()).amount


async def test_budget_answers_amount_committed_available_and_quota(clean, aid):
    budget = await new_budget(aid, amount=1_000_000)
    response = await aid.get(f"/v1/budgets/{budget['id']}")
    assert response.status_code == 200
    body = response.json()
    assert (body["amount"], body["committed"], body["available"]) == (1_000_000, 0, 1_000_000)
    assert body["quota"]["monthly_contribution"] == monthly_in_force("6101") == 16_800
    assert body["quota"]["people"] == 1_000_000 // (16_800 * 12)
    assert body["quota"]["person_months"] == 1_000_000 // 16_800
    assert "PP 44/2015" in body["quota"]["citations"]


async def test_allocation_amount_is_months_times_the_contribution_in_force(clean, aid, aid_events):
    budget = await new_budget(aid, amount=1_000_000)
    person = await aid_events.participant()
    response = await allocate(aid, budget["id"], person, months=6)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["amount"] == 6 * monthly_in_force("6101")
    assert body["paid_months"] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    after = (await aid.get(f"/v1/budgets/{budget['id']}")).json()
    assert (after["committed"], after["available"]) == (body["amount"], 1_000_000 - body["amount"])
    assert after["quota"]["person_months"] == (1_000_000 - body["amount"]) // 16_800
    events = clean.sql("contribution-aid", "SELECT event_type, envelope->'payload'->>'amount' FROM outbox ORDER BY id")
    assert events == [("BudgetRecorded", "1000000"), ("AidAllocated", str(body["amount"]))]


async def test_allocation_beyond_what_is_left_is_409_budget_exhausted(clean, aid, aid_events):
    budget = await new_budget(aid, amount=16_800 * 12 + 16_799)
    first, second = await aid_events.participants(2)
    assert (await allocate(aid, budget["id"], first)).status_code == 201
    response = await allocate(aid, budget["id"], second, months=2)
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"].endswith("budget-exhausted")
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["refusals"][0]["details"] == {"available": 16_799, "requested": 2 * 16_800}
    assert (await allocate(aid, budget["id"], second, months=1)).status_code == 409
    rows = clean.sql("contribution-aid", "SELECT count(*) FROM allocations WHERE participant_id = %s", (second,))
    assert rows == [(0,)]
    exhausted = clean.sql("contribution-aid", "SELECT count(*) FROM outbox WHERE event_type = 'BudgetExhausted'")
    assert exhausted == [(1,)]  # told once, not on every refusal


async def test_unknown_budget_is_404(clean, aid, aid_events):
    person = await aid_events.participant()
    assert (await aid.get(f"/v1/budgets/{uuid.uuid4()}")).status_code == 404
    response = await allocate(aid, uuid.uuid4(), person)
    assert response.status_code == 404 and response.json()["type"].endswith("not-found")


async def test_bad_input_is_422_with_field_errors(clean, aid, aid_events):
    good = {"regency_code": "6101", "fiscal_year": 2026, "funding_source": "apbd", "amount": 1_000_000}
    for change in ({"amount": -5}, {"amount": "lots"}, {"funding_source": "lottery"}, {"regency_code": "61"},
                   {"nominal": 1}, {"fiscal_year": None}):
        response = await aid.post("/v1/budgets", json={**good, **change})
        assert response.status_code == 422, (change, response.text)
        assert response.json()["errors"], change
    missing = {k: v for k, v in good.items() if k != "amount"}
    assert (await aid.post("/v1/budgets", json=missing)).json()["errors"][0]["field"] == "amount"
    budget = await new_budget(aid)
    person = await aid_events.participant()
    for months in (0, -1, "twelve", 1.5):
        response = await allocate(aid, budget["id"], person, months=months)
        assert response.status_code == 422, (months, response.text)
    response = await aid.post("/v1/allocations", json={"budget_id": "nope", "participant_id": str(person), "months": 1})
    assert response.status_code == 422
    assert (await aid.post("/v1/allocations", content=b"{", headers={"content-type": "application/json"})
            ).status_code == 422


async def test_rule_refusals_are_422_with_citations(clean, aid, aid_events):
    budget = await new_budget(aid)
    unapproved = await aid_events.participant(outcome="ineligible")
    response = await allocate(aid, budget["id"], unapproved)
    assert response.status_code == 422 and response.json()["type"].endswith("evaluation-missing")
    assert response.json()["citations"] == ["Perbup Sambas No. 59/2025 Pasal 23 ayat (7)"]
    person = await aid_events.participant()
    response = await allocate(aid, budget["id"], person, months=12, start_month="2026-06")
    assert response.status_code == 422 and response.json()["type"].endswith("outside-fiscal-year")
    response = await allocate(aid, budget["id"], uuid.uuid4())
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "participant_id"
    palm = await new_budget(aid, funding_source="dbh_sawit")
    response = await allocate(aid, palm["id"], person)
    assert response.status_code == 422 and response.json()["type"].endswith("earmark-violated")


async def test_another_regencys_budget_is_403(clean, api, aid, aid_events):
    clerk = await api("contribution-aid", key=CLIENT_KEYS["clerk-6101"])
    response = await clerk.post("/v1/budgets", json={"regency_code": "6405", "fiscal_year": 2026,
                                                     "funding_source": "apbd", "amount": 1_000_000})
    assert response.status_code == 403
    berau = await new_budget(aid, regency_code="6405")
    assert (await clerk.get(f"/v1/budgets/{berau['id']}")).status_code == 403
    person = await aid_events.participant("6405")
    assert (await allocate(clerk, berau["id"], person)).status_code == 403
    assert clean.sql("contribution-aid", "SELECT count(*) FROM allocations") == [(0,)]
    viewer = await api("contribution-aid", key=CLIENT_KEYS["viewer-6101"])
    own = await new_budget(aid)
    assert (await viewer.get(f"/v1/budgets/{own['id']}")).status_code == 200
    assert (await allocate(viewer, own["id"], person)).status_code == 403  # lacks aid:write
    anonymous = await api("contribution-aid", key=None)
    assert (await anonymous.get(f"/v1/budgets/{own['id']}")).status_code == 401


async def test_amendments_are_recorded_not_overwritten(clean, aid, aid_events):
    budget = await new_budget(aid, amount=16_800 * 12)
    person = await aid_events.participant()
    assert (await allocate(aid, budget["id"], person)).status_code == 201
    cut = await aid.post(f"/v1/budgets/{budget['id']}/amendments",
                         json={"delta": -1, "effective_date": "2026-07-01", "reference": "APBD-P 2026"})
    assert cut.status_code == 409 and cut.json()["type"].endswith("amendment-below-committed")
    raised = await aid.post(f"/v1/budgets/{budget['id']}/amendments",
                            json={"delta": 500_000, "effective_date": "2026-07-01", "reference": "APBD-P 2026",
                                  "reason": "perubahan APBD"})
    assert raised.status_code == 201, raised.text
    body = (await aid.get(f"/v1/budgets/{budget['id']}")).json()
    assert (body["initial_amount"], body["amount"], body["available"]) == (201_600, 701_600, 500_000)
    assert [(a["delta"], a["reference"]) for a in body["amendments"]] == [(500_000, "APBD-P 2026")]
    amended = clean.sql("contribution-aid", "SELECT envelope->'payload' FROM outbox WHERE event_type = 'BudgetAmended'")
    assert [(e[0]["delta"], e[0]["amount"]) for e in amended] == [(500_000, 701_600)]
