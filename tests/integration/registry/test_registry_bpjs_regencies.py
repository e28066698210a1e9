"""BPJS membership sync stays within the sending client's regencies (issue 10 item 6): a client
limited to 6309 cannot change a 6101 participant or record a 6207 NIK (row errors, nothing
changed), and a batch is visible only to the client that sent it (or one for all regencies)."""
from __future__ import annotations

import datetime as dt

from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry.helpers import (
    events_about,
    finished,
    new_batch_id,
    sync_csv,
    sync_nik,
    sync_path,
    sync_row,
)
from tests.integration.registry.test_registry_bpjs_sync import _birth_of, _sex_of, upload


async def register(registry, regency_code: str, serial: int) -> tuple[str, str]:
    nik = sync_nik(serial, regency_code)
    body = participant_body(regency_code, nik=nik, birth_date=dt.date.fromisoformat(_birth_of(nik)), sex=_sex_of(nik))
    created = await registry.post("/v1/participants", json=body)
    assert created.status_code == 201, created.text
    return nik, created.json()["id"]


async def test_rows_of_other_regencies_are_row_errors_and_change_nothing(infra, api, job_runner):
    await job_runner("registry")
    registry = await api("registry")
    sambas_nik, sambas_id = await register(registry, "6101", 610)
    tabalong_nik, tabalong_id = await register(registry, "6309", 630)
    rows = [sync_row(610, nik=sambas_nik, status="terminated", end_date="2026-02-01"),  # a 6101 participant
            sync_row(630, nik=tabalong_nik),                                             # a 6309 participant
            sync_row(620, nik=sync_nik(620, "6207")),                                    # nobody's, issued in 6207
            sync_row(631, nik=sync_nik(631, "6309"))]                                    # nobody's, issued in 6309
    tabalong = await api("registry", key=CLIENT_KEYS["bpjs-6309"])
    batch_id = new_batch_id()
    assert (await upload(infra, tabalong, batch_id, sync_csv(rows))).status_code == 202
    status = await finished(tabalong, sync_path(batch_id))
    assert (status["rows_applied"], status["rows_rejected"]) == (2, 2)
    errors = (await tabalong.get(sync_path(batch_id) + "/errors")).json()["items"]
    assert [(e["row_number"], e["field"]) for e in errors] == [(1, "nik"), (3, "nik")]
    stored = infra.sql("registry", "SELECT row_number FROM bpjs_memberships WHERE batch_id = %s ORDER BY 1",
                       (batch_id,))
    assert stored == [(2,), (4,)]
    assert events_about(infra, "MembershipStarted", "participant_id", sambas_id) == []
    assert events_about(infra, "MembershipTerminated", "participant_id", sambas_id) == []
    assert len(events_about(infra, "MembershipStarted", "participant_id", tabalong_id)) == 1


async def test_a_batch_is_visible_only_to_its_sender_or_a_client_for_all_regencies(infra, api, job_runner):
    await job_runner("registry")
    tabalong = await api("registry", key=CLIENT_KEYS["bpjs-6309"])
    sambas = await api("registry", key=CLIENT_KEYS["bpjs-6101"])
    national = await api("registry", key=CLIENT_KEYS["bpjs"])
    batch_id = new_batch_id()
    body = sync_csv([sync_row(632, nik=sync_nik(632, "6309"))])
    assert (await upload(infra, tabalong, batch_id, body)).status_code == 202
    await finished(tabalong, sync_path(batch_id))
    assert (await sambas.get(sync_path(batch_id))).status_code == 404
    assert (await sambas.get(sync_path(batch_id) + "/errors")).status_code == 404
    assert (await national.get(sync_path(batch_id))).status_code == 200
    assert (await upload(infra, sambas, batch_id, body)).status_code == 409  # not another client's stored answer
