"""A registration is one statement, one round trip (docs/SCALE.md, goal 2): the participant row
(the unique blind index decides duplicates), its event, its audit row and, with an Idempotency-Key,
the stored answer, all written or none; the key's claim is one statement more."""
from __future__ import annotations

import datetime as dt

from tests.factories import participant_body
from tests.integration.registry.helpers import events_about
from tests.integration.statements import statements_of, transaction_commands

BIRTH = dt.date(1968, 2, 27)  # this module's NIKs


def body(serial: int) -> dict:
    return participant_body("6101", birth_date=BIRTH, serial=serial)


async def test_a_registration_is_one_statement_with_its_event_and_audit_row(infra, api):
    registry = await api("registry")
    warm = await registry.post("/v1/participants", json=body(4))  # the app's first connection initialises
    assert warm.status_code == 201, warm.text
    with statements_of(registry) as sent:
        response = await registry.post("/v1/participants", json=body(1))
    assert response.status_code == 201, response.text
    # without an Idempotency-Key the one statement is its own transaction: no BEGIN/COMMIT round trips
    assert transaction_commands(sent) == [] and len(sent) == 1, sent
    participant_id = response.json()["id"]
    assert len(events_about(infra, "ParticipantRegistered", "participant_id", participant_id)) == 1
    audit = infra.sql("registry", "SELECT action, subject_kind FROM audit_log WHERE subject_id = %s",
                      (participant_id,))
    assert audit == [("ParticipantRegistered", "aggregate")], audit


async def test_a_duplicate_writes_no_event_audit_row_or_answer(infra, api):
    registry = await api("registry")
    first = await registry.post("/v1/participants", json=body(2))
    assert first.status_code == 201, first.text
    key = f"dup-{dt.datetime.now().timestamp()}"
    written = "SELECT (SELECT count(*) FROM outbox), (SELECT count(*) FROM audit_log)"
    before = infra.sql("registry", written)
    with statements_of(registry) as sent:
        again = await registry.post("/v1/participants", json=body(2), headers={"Idempotency-Key": key})
    assert again.status_code == 409 and again.json()["type"].endswith("duplicate-participant"), again.text
    # with a key: BEGIN, the key's claim, the write that found the NIK registered, ROLLBACK
    assert transaction_commands(sent) == [b"BEGIN", b"ROLLBACK"] and len(sent) == 4, sent
    assert infra.sql("registry", written) == before
    nik_index = infra.sql("registry", "SELECT nik_index FROM participants WHERE id = %s", (first.json()["id"],))
    assert infra.sql("registry", "SELECT count(*) FROM participants WHERE nik_index = %s", nik_index[0]) == [(1,)]
    assert infra.sql("registry", "SELECT count(*) FROM audit_log WHERE action = 'ParticipantRegistered' "
                                 "AND subject_id = %s", (first.json()["id"],)) == [(1,)]
    assert infra.sql("registry", "SELECT count(*) FROM idempotency_keys WHERE key = %s", (key,)) == [(0,)]
    retried = await registry.post("/v1/participants", json=body(3), headers={"Idempotency-Key": key})
    assert retried.status_code == 201, retried.text  # the failed request's claim was rolled back
    replay = await registry.post("/v1/participants", json=body(3), headers={"Idempotency-Key": key})
    assert replay.status_code == 201 and replay.json() == retried.json()
