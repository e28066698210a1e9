"""The budget ceiling under concurrency is a database guarantee: 200 simultaneous allocations
against a budget that affords 100 commit exactly 100."""
from __future__ import annotations

import asyncio

from tests.integration.aid.conftest import allocate, new_budget

MONTHLY = 16_800


async def test_200_concurrent_allocations_against_a_budget_for_100(clean, aid, aid_events):
    people = await aid_events.participants(200)
    budget = await new_budget(aid, amount=100 * MONTHLY)
    responses = await asyncio.gather(*(allocate(aid, budget["id"], pid, months=1) for pid in people))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 100 and statuses.count(409) == 100, sorted(set(statuses))
    assert all(r.json()["type"].endswith("budget-exhausted") for r in responses if r.status_code == 409)
    succeeded = sum(r.json()["amount"] for r in responses if r.status_code == 201)
    after = (await aid.get(f"/v1/budgets/{budget['id']}")).json()
    assert after["committed"] == succeeded == 100 * MONTHLY and after["available"] == 0
    row = clean.sql("contribution-aid", "SELECT committed, amount FROM budgets WHERE id = %s", (budget["id"],))
    assert row == [(succeeded, 100 * MONTHLY)]
    assert clean.sql("contribution-aid", "SELECT count(*), sum(amount) FROM allocations") == [(100, succeeded)]
    events = clean.sql("contribution-aid", "SELECT event_type, count(*) FROM outbox GROUP BY 1 ORDER BY 1")
    assert events == [("AidAllocated", 100), ("BudgetExhausted", 1), ("BudgetRecorded", 1)]


async def test_the_same_participant_at_once_is_funded_once(clean, aid, aid_events):
    person = await aid_events.participant()
    first, second = await new_budget(aid), await new_budget(aid)
    budgets = [first["id"], second["id"]] * 10
    responses = await asyncio.gather(*(allocate(aid, b, person, months=3) for b in budgets))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 1 and statuses.count(409) == 19
    assert clean.sql("contribution-aid", "SELECT count(*), max(taken_bp) FROM funded_months") == [(3, 10000)]
