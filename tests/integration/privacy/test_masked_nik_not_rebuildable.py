"""Issue 10 item 1: NIK digits 7-12 are the birth date (day + 40 for women), so no answer a
client without `pii:read` can get -- alone or combined with the others about the same person --
may carry the birth date next to the masked NIK. The attacker here gathers every answer about
each person and tries every date found in them with the sex; none may give the full NIK."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid

from shared.events.contribution_aid import DecreeIssued
from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS, eventually
from tests.integration.registry.test_registry_recipients import publish

DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PEOPLE = [(dt.date(1974, 9, 21), "F"), (dt.date(1988, 1, 3), "M"), (dt.date(2001, 12, 30), "F")]


def rebuilt(masked: str, sex: str, text: str) -> set[str]:
    """Every full NIK the masked one could be, given any date written in `text`."""
    out = set()
    for year, month, day in DATE.findall(text):
        shown_day = int(day) + (40 if sex == "F" else 0)
        out.add(f"{masked[:6]}{shown_day:02d}{month}{year[2:]}{masked[-4:]}")
    return out


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [str(value)]


async def test_no_unprivileged_answer_rebuilds_a_nik(infra, api, workers):
    admin = await api("registry")
    people = []
    for serial, (born, sex) in enumerate(PEOPLE, start=7100):
        body = participant_body("6207", birth_date=born, sex=sex, serial=serial)
        people.append((body, (await admin.post("/v1/participants", json=body)).json()["id"]))
    # a scheme of its own: the registry folds the decrees of one regency and scheme together
    decree = DecreeIssued(decree_id=uuid.uuid4(), decree_number="188.45/77/2026", decree_date="2026-02-01",
                          scheme=f"privacy-test-{uuid.uuid4().hex[:8]}", added=[pid for _, pid in people], removed=[],
                          recipients=len(people))
    await workers("registry")
    await publish(infra.broker.bootstrap, [decree], "6207")
    await eventually(lambda: infra.sql("registry", "SELECT count(*) FROM aid_decrees WHERE decree_id = %s",
                                       (decree.decree_id,))[0][0] == 1, timeout=30)

    reader = await api("registry", key=CLIENT_KEYS["no-pii-reader"])
    seen: dict[str, list[str]] = {pid: [] for _, pid in people}  # everything said about each person
    for body, pid in people:
        one = (await reader.get(f"/v1/participants/{pid}")).json()
        found = (await reader.get("/v1/participants", params={"regency_code": "6207", "nik": body["nik"]})).json()
        assert one["nik_masked"] is True and one["birth_year"] == int(body["birth_date"][:4])
        seen[pid] += strings(one) + strings(found["items"])
    listed = (await reader.get(f"/v1/bpjs/decrees/{decree.decree_id}/recipients")).json()
    for row in listed["items"]:
        seen[row["participant_id"]] += strings(row)
    exported = await reader.get(f"/v1/bpjs/decrees/{decree.decree_id}/recipients", params={"format": "csv"})
    for row in csv.DictReader(io.StringIO(exported.text)):
        seen[row["participant_id"]] += list(row.values())
        assert row["birth_year"] and not row["birth_date"]

    for body, pid in people:
        everything = " ".join(seen[pid])
        assert body["nik"] not in everything
        masked = body["nik"][:6] + "******" + body["nik"][-4:]
        assert masked in everything
        assert body["nik"] not in rebuilt(masked, body["sex"], everything), f"NIK of {pid} rebuilt"
