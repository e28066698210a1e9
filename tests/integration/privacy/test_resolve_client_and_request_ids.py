"""The aid service's own registry client (scope `registry:resolve` only) resolves an invoice's
NIKs in calls of at most 20,000 (issue 10 item 2); audit rows carry the server's request id when
the client sent none (item 13)."""
from __future__ import annotations

import datetime as dt

from contribution_aid.participants.directory import CALL_NIKS, ParticipantDirectory
from tests.factories import make_nik, participant_body
from tests.integration.conftest import CLIENT_KEYS

BIRTH = dt.date(1971, 4, 2)


async def test_aid_client_resolves_large_invoices_in_several_calls(infra, api):
    admin = await api("registry")
    body = participant_body("6101", birth_date=BIRTH, serial=4242)
    pid = (await admin.post("/v1/participants", json=body)).json()["id"]
    before = infra.sql("registry", "SELECT count(*) FROM nik_resolutions WHERE client = 'aid-resolver'")[0][0]
    niks = [make_nik("6101", BIRTH, serial=s) for s in range(1, CALL_NIKS + 2) if s != 4242] + [body["nik"]]
    directory = ParticipantDirectory(await api("registry", key=CLIENT_KEYS["aid-resolver"]))
    assert {k: str(v) for k, v in (await directory.resolve("6101", niks)).items()} == {body["nik"]: pid}
    after = infra.sql("registry", "SELECT count(*) FROM nik_resolutions WHERE client = 'aid-resolver'")[0][0]
    assert after - before == 2


async def test_audit_rows_carry_the_servers_request_id(infra, api):
    admin = await api("registry")
    body = participant_body("6101", birth_date=BIRTH, serial=77)
    pid = (await admin.post("/v1/participants", json=body)).json()["id"]
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    response = await officer.get(f"/v1/participants/{pid}")
    assert response.status_code == 200 and response.json()["nik_masked"] is False
    [(request_id,)] = infra.sql("registry", "SELECT request_id FROM personal_data_access WHERE subject_id = %s", (pid,))
    assert request_id is not None and request_id == response.headers["x-request-id"]
