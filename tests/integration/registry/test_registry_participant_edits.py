"""PATCH /v1/participants/{id}: a correction passes the registration check, seals personal fields
again, announces only non-personal changes (ParticipantUpdated) and never echoes a value."""
from __future__ import annotations

import datetime as dt

from tests.factories import participant_body
from tests.integration.registry.helpers import events_about

BIRTH = dt.date(1979, 8, 21)  # this module's NIKs


async def test_a_correction_is_checked_sealed_and_announced_without_personal_data(infra, api):
    registry = await api("registry")
    created = await registry.post("/v1/participants", json=participant_body("5304", birth_date=BIRTH, serial=1))
    assert created.status_code == 201, created.text
    pid = created.json()["id"]

    changed = await registry.patch(f"/v1/participants/{pid}", json={
        "occupation": "labour_intensive_worker", "address": "Desa Oinlasi RT 04, Amanatun Selatan"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["changed"] == ["address", "occupation"] and changed.json()["announced"] == ["occupation"]
    assert "Oinlasi" not in changed.text  # no value echoed
    read = (await registry.get(f"/v1/participants/{pid}", headers={"X-Lindung-Purpose": "uji"})).json()
    assert read["occupation"] == "labour_intensive_worker" and read["address"].startswith("Desa Oinlasi")
    stored = infra.sql("registry", "SELECT address_cipher FROM participants WHERE id = %s", (pid,))[0][0]
    assert "Oinlasi" not in str(stored)  # sealed at rest
    events = events_about(infra, "ParticipantUpdated", "participant_id", pid)
    assert [e["changes"] for e in events] == [{"occupation": "labour_intensive_worker"}]


async def test_a_correction_outside_the_regency_lists_or_of_the_identity_is_refused(infra, api):
    registry = await api("registry")
    pid = (await registry.post("/v1/participants", json=participant_body("5304", birth_date=BIRTH,
                                                                        serial=2))).json()["id"]
    wrong = await registry.patch(f"/v1/participants/{pid}", json={"occupation": "village_head"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "occupation"
    cleared = await registry.patch(f"/v1/participants/{pid}", json={"address": None})
    assert cleared.status_code == 422 and cleared.json()["errors"][0]["field"] == "address"
    identity = await registry.patch(f"/v1/participants/{pid}", json={"sex": "F"})
    assert identity.status_code == 422  # the identity is not corrected in place
    unknown = await registry.patch("/v1/participants/3f1c1e0e-0000-4000-8000-000000000000", json={"occupation": None})
    assert unknown.status_code == 404
    assert events_about(infra, "ParticipantUpdated", "participant_id", pid) == []
