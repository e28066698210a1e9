"""BPJS membership sync: signed uploads (a replayed, stale or forged request is a 401), every
valid row applied and every bad row reported, idempotent by batch id, CSV / JSON / NDJSON, and
the history of registered participants reconciled with what BPJS says."""
from __future__ import annotations

import datetime as dt
import json
import time

from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry import helpers
from tests.integration.registry.helpers import (
    events_about,
    ndjson,
    new_batch_id,
    signed_headers,
    sync_csv,
    sync_nik,
    sync_path,
    sync_row,
)


async def upload(infra, client, batch_id: str, body: bytes, content_type: str = "text/csv", **signing):
    path = sync_path(batch_id)
    return await client.post(path, content=body, headers=signed_headers(infra, path, body, content_type=content_type,
                                                                          **signing))


async def finished(client, batch_id: str) -> dict:
    return await helpers.finished(client, sync_path(batch_id))


async def test_one_bad_row_is_reported_and_the_rest_applied(infra, api, job_runner):
    await job_runner("registry")
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    rows = [sync_row(i) for i in range(100, 110)]
    rows[3] = {**rows[3], "nik": "6207071301619999"[:15]}  # 15 digits
    rows[7] = {**rows[7], "status": "maybe", "kpj_number": "12"}
    batch_id = new_batch_id()
    accepted = await upload(infra, bpjs, batch_id, sync_csv(rows))
    assert accepted.status_code == 202, accepted.text
    status = await finished(bpjs, batch_id)
    assert (status["rows_applied"], status["rows_rejected"], status["last_row"]) == (8, 2, 10)
    errors = (await bpjs.get(sync_path(batch_id) + "/errors")).json()["items"]
    assert [(e["row_number"], e["field"]) for e in errors] == [(4, "nik"), (8, "kpj_number")]
    assert [o["field"] for o in errors[1]["others"]] == ["status"]
    assert not any(rows[3]["nik"] in e["message"] for e in errors)
    stored = infra.sql("registry", "SELECT count(*) FROM bpjs_memberships WHERE batch_id = %s", (batch_id,))
    assert stored[0][0] == 8
    assert infra.sql("registry", "SELECT count(*) FROM job_upload_pieces p JOIN jobs j ON j.id = p.job_id "
                                 "WHERE j.ref = %s", (batch_id,))[0][0] == 0


async def test_same_batch_again_is_the_stored_result_and_another_file_is_409(infra, api, job_runner):
    await job_runner("registry")
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    batch_id, body = new_batch_id(), sync_csv([sync_row(i) for i in range(200, 205)])
    await upload(infra, bpjs, batch_id, body)
    first = await finished(bpjs, batch_id)
    again = await upload(infra, bpjs, batch_id, body)
    assert again.status_code == 200 and again.json()["rows_applied"] == first["rows_applied"] == 5
    assert (await finished(bpjs, batch_id))["rows_applied"] == 5
    other = await upload(infra, bpjs, batch_id, sync_csv([sync_row(299)]))
    assert other.status_code == 409 and other.json()["type"].endswith("batch-id-reused")


async def test_replayed_stale_forged_and_unsigned_requests_are_401(infra, api, job_runner):
    await job_runner("registry")
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    batch_id, body = new_batch_id(), sync_csv([sync_row(300)])
    path = sync_path(batch_id)
    headers = signed_headers(infra, path, body)
    assert (await bpjs.post(path, content=body, headers=headers)).status_code == 202
    replay = await bpjs.post(path, content=body, headers=headers)
    assert replay.status_code == 401 and replay.json()["reason"] == "nonce_reused"
    other_process = await api("registry", key=CLIENT_KEYS["bpjs"])  # another app: the nonce store is the database
    assert (await other_process.post(path, content=body, headers=headers)).status_code == 401
    stale = await upload(infra, bpjs, new_batch_id(), body, timestamp=time.time() - 3600)
    assert stale.status_code == 401 and stale.json()["reason"] == "stale"
    forged_path = sync_path(new_batch_id())
    forged = await bpjs.post(forged_path, content=body + b"\n" + body,
                             headers=signed_headers(infra, forged_path, body))
    assert forged.status_code == 401 and forged.json()["reason"] == "bad_signature"
    assert (await bpjs.post(sync_path(new_batch_id()), content=body)).status_code == 401
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    assert (await upload(infra, clerk, new_batch_id(), body)).status_code == 403
    await finished(bpjs, batch_id)


async def test_json_array_and_ndjson_batches(infra, api, job_runner):
    await job_runner("registry")
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    rows = [{**sync_row(i), "programs": ["JKK", "JKM", "JHT"], "end_date": None} for i in range(400, 404)]
    for body, content_type in [(json.dumps(rows).encode(), "application/json"),
                               (ndjson(rows[:3]) + b"{broken\n", "application/x-ndjson")]:
        batch_id = new_batch_id()
        assert (await upload(infra, bpjs, batch_id, body, content_type=content_type)).status_code == 202
        status = await finished(bpjs, batch_id)
        assert status["rows_applied"] == (4 if content_type == "application/json" else 3)
    programs = infra.sql("registry", "SELECT programs FROM bpjs_memberships WHERE batch_id = %s", (batch_id,))
    assert programs[0][0] == ["JKK", "JKM", "JHT"]


async def test_bpjs_status_of_a_registered_participant_becomes_its_membership_history(infra, api, job_runner):
    await job_runner("registry")
    registry = await api("registry")
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    nik = sync_nik(500, "6101")
    person = participant_body("6101", nik=nik, birth_date=dt.date.fromisoformat(_birth_of(nik)), sex=_sex_of(nik))
    created = await registry.post("/v1/participants", json=person)
    assert created.status_code == 201, created.text
    participant_id = created.json()["id"]
    for status, end in [("active", ""), ("active", ""), ("inactive", "2026-06-30")]:
        batch_id = new_batch_id()
        await upload(infra, bpjs, batch_id, sync_csv([sync_row(500, nik=nik, status=status, end_date=end)]))
        await finished(bpjs, batch_id)
    started = events_about(infra, "MembershipStarted", "participant_id", participant_id)
    assert [(s["programs"], s["source"], s["funding"]) for s in started] == [(["JKK", "JKM"], "bpjs_sync", "self")]
    ended = events_about(infra, "MembershipTerminated", "participant_id", participant_id)
    assert [(e["reason"], e["effective_date"], e["membership_ids"]) for e in ended] == [
        ("bpjs_inactive", "2026-06-30", [started[0]["membership_id"]])]
    history = (await registry.get(f"/v1/participants/{participant_id}/memberships")).json()
    assert history["bpjs"]["status"] == "inactive" and history["bpjs"]["kpj_number"] == "00000000500"
    assert [(i["version"], i["source"]) for i in history["items"]] == [(1, "bpjs_sync")] * 2 + [(2, "bpjs_sync")] * 2


def _birth_of(nik: str) -> str:
    day = int(nik[6:8]) % 40
    return f"19{nik[10:12]}-{nik[8:10]}-{day:02d}"


def _sex_of(nik: str) -> str:
    return "F" if int(nik[6:8]) > 40 else "M"
