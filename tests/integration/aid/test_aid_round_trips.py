"""An allocation is three statements in its transaction (docs/SCALE.md, goal 3): the participant
locked with the budget read, the decision's facts, and one statement writing the allocation, its
months, its event and audit row together with the conditional budget update."""
from __future__ import annotations

import asyncio
import functools

from tests.integration.aid.conftest import allocate, new_budget
from tests.integration.statements import statements_of, transaction_commands

MONTHLY = 16_800


async def test_an_allocation_is_three_statements_and_writes_every_row(clean, aid, aid_events):
    person = await aid_events.participant()
    budget = await new_budget(aid)
    with statements_of(aid) as sent:
        response = await allocate(aid, budget["id"], person, months=3)
    assert response.status_code == 201, response.text
    assert transaction_commands(sent) == [b"BEGIN", b"COMMIT"], sent
    assert len(sent) == 5, sent  # BEGIN, 3 statements, COMMIT
    allocation = response.json()
    assert allocation["budget"]["committed"] == allocation["amount"]
    assert clean.sql("contribution-aid", "SELECT count(*), sum(taken_bp) FROM funded_months "
                                         "WHERE participant_id = %s", (str(person),)) == [(3, 30000)]
    assert clean.sql("contribution-aid", "SELECT event_type, message_key FROM outbox WHERE event_type = "
                                         "'AidAllocated'") == [("AidAllocated", str(person))]
    audit = clean.sql("contribution-aid", "SELECT action, subject_id, client FROM audit_log "
                                          "WHERE action = 'AidAllocated'")
    assert audit == [("AidAllocated", str(person), "admin")], audit  # subject: the event's key


async def test_takes_refused_by_the_budget_write_no_row_event_or_audit(clean, aid, aid_events):
    """20 at once against a budget for 5: the 15 that read an affordable budget but lose the take
    write nothing (every write of the statement depends on the take)."""
    people = await aid_events.participants(20)
    budget = await new_budget(aid, amount=5 * 2 * MONTHLY)
    responses = await asyncio.gather(*(allocate(aid, budget["id"], pid, months=2) for pid in people))
    assert sorted(r.status_code for r in responses) == [201] * 5 + [409] * 15
    aid_sql = functools.partial(clean.sql, "contribution-aid")
    assert aid_sql("SELECT count(*), sum(taken_bp) FROM funded_months") == [(10, 100000)]
    assert aid_sql("SELECT count(*) FROM outbox WHERE event_type = 'AidAllocated'") == [(5,)]
    assert aid_sql("SELECT count(*) FROM audit_log WHERE action = 'AidAllocated'") == [(5,)]
    assert aid_sql("SELECT committed FROM budgets WHERE id = %s", (budget["id"],)) == [(5 * 2 * MONTHLY,)]
