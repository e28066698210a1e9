"""A BPJS sync batch interrupted by killing the worker that applies it (SIGKILL after N committed
chunks) is taken over once its lease expires and resumes from its checkpoint, by the next worker
and by `python -m registry resume-syncs`, to the same end state: every row applied once, every
bad row reported once, one event per change."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import httpx

from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS, ROOT, eventually
from tests.integration.registry.helpers import (
    events_about,
    new_batch_id,
    signed_headers,
    sync_csv,
    sync_nik,
    sync_path,
    sync_row,
)

ROWS, CHUNK, KILL_AFTER = 1000, 100, 3
LEASE = 1.0  # seconds: a dead worker's job is taken over this soon
FAST_CHUNKS = {"LINDUNG_REGISTRY_BULK_CHUNK_ROWS": str(CHUNK), "LINDUNG_REGISTRY_JOBS_LEASE_SECONDS": str(LEASE)}
DOOMED = {**FAST_CHUNKS, "LINDUNG_REGISTRY_FAULT_KILL_AFTER_JOB_CHUNKS": str(KILL_AFTER)}
BAD_ROWS = {250, 777}  # 1-based row numbers
REGISTERED = 950  # a row whose NIK belongs to a registered participant (after both kills)


def batch_state(infra, batch_id):
    return infra.sql("registry", "SELECT status, position, rows_applied, rows_rejected FROM bpjs_sync_batches "
                                 "WHERE batch_id = %s", (batch_id,))[0]


async def test_killed_mid_batch_resumes_to_the_same_end_state(infra, api, processes):
    nik = sync_nik(REGISTERED, "6309")
    registry = await api("registry")
    person = participant_body("6309", nik=nik, birth_date=dt.date(1961, 1, 1) + dt.timedelta(days=1), sex="F")
    participant_id = (await registry.post("/v1/participants", json=person)).json()["id"]
    rows = [sync_row(i, nik=nik if i == REGISTERED else None) for i in range(ROWS)]
    for bad in BAD_ROWS:
        rows[bad - 1] = {**rows[bad - 1], "start_date": "2026-02-30"}
    batch_id, body = new_batch_id(), sync_csv(rows)

    processes.start("registry", "api", tag="-sync")
    processes.wait_ready("registry")
    path = sync_path(batch_id)
    async with httpx.AsyncClient(base_url=processes.base_url("registry"), timeout=30,
                                 headers={"X-API-Key": CLIENT_KEYS["bpjs"]}) as http:
        accepted = await http.post(path, content=body, headers=signed_headers(infra, path, body))
    assert accepted.status_code == 202, accepted.text
    doomed = processes.start("registry", "worker", DOOMED, tag="-sync-doomed")
    await eventually(lambda: doomed.poll() is not None, timeout=60, interval=0.1)
    assert doomed.returncode == -signal.SIGKILL
    assert batch_state(infra, batch_id)[:2] == ("applying", KILL_AFTER * CHUNK)

    restarted = processes.start("registry", "worker", DOOMED, tag="-sync-restarted")  # takes over, dies again
    await eventually(lambda: restarted.poll() is not None, timeout=60, interval=0.1)
    assert restarted.returncode == -signal.SIGKILL
    assert batch_state(infra, batch_id)[:2] == ("applying", 2 * KILL_AFTER * CHUNK)

    time.sleep(LEASE * 1.5)  # the dead worker's lease expires
    job = subprocess.run([sys.executable, "-m", "registry", "resume-syncs"], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, **infra.env, **FAST_CHUNKS})
    assert job.returncode == 0, job.stderr
    assert "1 interrupted bulk job(s) finished" in job.stderr
    assert batch_state(infra, batch_id) == ("completed", ROWS, ROWS - len(BAD_ROWS), len(BAD_ROWS))

    applied = infra.sql("registry", "SELECT row_number FROM bpjs_memberships WHERE batch_id = %s ORDER BY 1",
                        (batch_id,))
    assert [r[0] for r in applied] == [n for n in range(1, ROWS + 1) if n not in BAD_ROWS]
    errors = infra.sql("registry", "SELECT row_number, field FROM job_row_errors e JOIN jobs j ON j.id = e.job_id "
                                   "WHERE j.ref = %s ORDER BY 1", (batch_id,))
    assert errors == [(n, "start_date") for n in sorted(BAD_ROWS)]
    assert len(events_about(infra, "MembershipStarted", "participant_id", participant_id)) == 1
    assert infra.sql("registry", "SELECT count(*) FROM job_upload_pieces p JOIN jobs j ON j.id = p.job_id "
                                 "WHERE j.ref = %s", (batch_id,))[0][0] == 0
    assert infra.sql("registry", "SELECT status, attempts FROM jobs WHERE ref = %s", (batch_id,)) == [("completed", 3)]
