"""No full NIK in any event (outbox envelopes) or in any registry response to a client without
`pii:read` (the BPJS recipient list, which exists to hand BPJS the NIK, aside). The log lines
are scanned for NIKs at the end of the run by tests/conftest.py."""
from __future__ import annotations

import datetime as dt
import json

from tests.conftest import NIK_LIKE
from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.registry.helpers import (
    employer_body,
    finished,
    new_batch_id,
    signed_headers,
    sync_csv,
    sync_path,
    sync_row,
)

BIRTH = dt.date(1979, 11, 2)


def full_niks(text: str) -> list[str]:
    from stdnum.id import nik
    return [m for m in NIK_LIKE.findall(text) if nik.is_valid(m)]


async def test_no_full_nik_in_events_or_in_responses_without_pii_read(infra, api, job_runner):
    await job_runner("registry")
    admin = await api("registry")
    body = participant_body("6101", birth_date=BIRTH, serial=1)
    created = (await admin.post("/v1/participants", json=body)).json()
    await admin.post(f"/v1/participants/{created['id']}/memberships",
                     json={"programs": ["JKK", "JKM"], "start_date": "2026-01-01", "funding": "self"})
    employer = (await admin.post("/v1/employers", json=employer_body("6101", npwp=body["nik"]))).json()
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs-sync-only"])  # exchange scope, no pii:read
    batch_id = new_batch_id()
    sync = sync_csv([sync_row(1, nik=body["nik"]), sync_row(2, nik=body["nik"][:15] + "X")])
    path = sync_path(batch_id)
    await bpjs.post(path, content=sync, headers=signed_headers(infra, path, sync))
    await finished(bpjs, path)
    job = await admin.post("/v1/candidate-imports", params={"regency_code": "6101", "data_source": "dtks"},
                           content=f"nik,full_name\n{body['nik']},Budi\n{body['nik']},Budi\n".encode())
    imports = f"/v1/candidate-imports/{job.json()['id']}"
    await finished(admin, imports)

    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    responses = [
        await viewer.get(f"/v1/participants/{created['id']}"),
        await viewer.get("/v1/participants", params={"regency_code": "6101", "nik": body["nik"]}),
        await viewer.get(f"/v1/participants/{created['id']}/memberships"),
        await viewer.get(f"/v1/employers/{employer['id']}"),
        await bpjs.get(path), await bpjs.get(path + "/errors"),
        await viewer.get(imports), await viewer.get(imports + "/errors"),
    ]
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])  # problem documents never echo a NIK either
    responses += [await clerk.post("/v1/participants", json=body),
                  await clerk.post("/v1/participants", json={**body, "birth_date": "1979-11-03"})]
    assert [r.status_code for r in responses[-2:]] == [409, 422]
    for response in responses:
        assert full_niks(response.text) == [], response.request.url
    assert body["nik"][:6] + "******" + body["nik"][-4:] in responses[0].text

    envelopes = [json.dumps(r[0]) for r in infra.sql("registry", "SELECT envelope FROM outbox")]
    assert envelopes and not [e for e in envelopes if full_niks(e)]
