"""The aid-recipient list of a decree for BPJS (Lamandau Pasal 27(1) fields) as CSV and JSON:
built from contribution-aid's DecreeIssued events (consumed from the broker, in any order),
only for clients with `bpjs:exchange`, every exported person audited."""
from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

import orjson
from aiokafka import AIOKafkaProducer

from shared.events import envelope_for, topic_for
from shared.events.contribution_aid import DecreeIssued
from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS, eventually

BIRTH = dt.date(1974, 9, 21)


async def publish(bootstrap: str, decrees: list[DecreeIssued], regency_code: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for decree in decrees:
            envelope = envelope_for(decree, regency_code=regency_code).to_json_dict()
            await producer.send_and_wait(topic_for("contribution-aid"), key=str(decree.decree_id).encode(),
                                         value=orjson.dumps(envelope))
    finally:
        await producer.stop()


def decree(number: str, on: str, added: list[str], removed: list[str], recipients: int) -> DecreeIssued:
    return DecreeIssued(decree_id=uuid.uuid4(), decree_number=number, decree_date=on, scheme="bpu_registration",
                        added=added, removed=removed, recipients=recipients)


async def test_recipient_list_follows_the_decrees_and_is_audited(infra, api, workers):
    registry = await api("registry")
    people = []
    for serial, extra in ((1, {}), (2, {}), (3, {"latitude": None, "longitude": None})):
        body = participant_body("6207", birth_date=BIRTH, serial=serial, full_name=f"Warga {serial}", **extra)
        people.append((body, (await registry.post("/v1/participants", json=body)).json()["id"]))
    (a_body, a), (b_body, b), (c_body, c) = people
    first = decree("188.45/10/2026", "2026-01-10", [a, b], [], 2)
    second = decree("188.45/40/2026", "2026-04-01", [c], [a], 2)
    await workers("registry")
    await publish(infra.broker.bootstrap, [second, first], "6207")  # out of order
    await eventually(lambda: infra.sql("registry", "SELECT count(*) FROM aid_decrees WHERE decree_id IN (%s, %s)",
                                       (first.decree_id, second.decree_id))[0][0] == 2, timeout=30)

    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    listed = (await bpjs.get(f"/v1/bpjs/decrees/{second.decree_id}/recipients")).json()
    assert listed["complete"] is True and listed["count"] == 2
    assert [(i["participant_id"], i["change"]) for i in listed["items"]] == [(b, "continued"), (c, "added")]
    assert [f["field"] for f in listed["fields"]] == ["full_name", "nik", "address", "latitude", "longitude",
                                                      "birth_place", "birth_date", "mother_maiden_name"]
    assert listed["fields"][1]["citation"] == "Perbup Lamandau No. 25/2024 Pasal 27 ayat (1) huruf b"
    b_row, c_row = listed["items"]
    assert (b_row["nik"], b_row["mother_maiden_name"], b_row["latitude"]) == (b_body["nik"], "Siti Aminah", 1.3614)
    assert c_row["missing_fields"] == ["latitude", "longitude"] and b_row["missing_fields"] == []

    exported = await bpjs.get(f"/v1/bpjs/decrees/{first.decree_id}/recipients", params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert sorted(r["nik"] for r in table) == sorted([a_body["nik"], b_body["nik"]])
    assert table[0]["address"] == a_body["address"]

    audit = infra.sql(
        "registry", "SELECT subject_id, client FROM personal_data_access WHERE subject_id IN (%s, %s, %s)", (a, b, c)
    )
    assert sorted((str(s), client) for s, client in audit) == sorted(
        [(b, "bpjs"), (c, "bpjs"), (a, "bpjs"), (b, "bpjs")])

    without_pii = await api("registry", key=CLIENT_KEYS["bpjs-sync-only"])
    masked = (await without_pii.get(f"/v1/bpjs/decrees/{second.decree_id}/recipients")).json()
    assert masked["count"] == 2
    assert masked["items"][0]["nik"] == b_body["nik"][:6] + "******" + b_body["nik"][-4:]
    assert masked["items"][0]["mother_maiden_name"] is None and masked["items"][0]["address"] is None
    assert len(infra.sql("registry", "SELECT 1 FROM personal_data_access WHERE subject_id IN (%s, %s, %s)",
                         (a, b, c))) == 4, "a masked list discloses nothing and is not an access to personal data"


async def test_only_bpjs_exchange_clients_get_the_list(infra, api):
    for key in (CLIENT_KEYS["clerk-6101"], CLIENT_KEYS["pii-officer"]):
        client = await api("registry", key=key)
        assert (await client.get(f"/v1/bpjs/decrees/{uuid.uuid4()}/recipients")).status_code == 403
    bpjs = await api("registry", key=CLIENT_KEYS["bpjs"])
    assert (await bpjs.get(f"/v1/bpjs/decrees/{uuid.uuid4()}/recipients")).status_code == 404
