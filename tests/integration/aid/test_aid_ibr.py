"""IBR (docs/API.md, DCI): before allocating aid, contribution-aid asks the registry, which asks
its DCI peers (a second Lindung registry served locally, and a peer that never answers in time)
whether the person is already funded elsewhere; the answer is kept with the allocation and a
silent peer is "unknown", never a reason to wait."""
from __future__ import annotations

import asyncio
import json
import time
import uuid

from fastapi import FastAPI

from registry.main import SPEC as REGISTRY
from shared.app import create_app
from shared.dci.signature import public_jwk
from tests.factories import participant_body
from tests.integration.aid.conftest import allocate, evaluated, new_budget, registered
from tests.integration.conftest import ADMIN_KEY, CLIENT_KEYS
from tests.integration.registry.dci_helpers import REGISTRY_KEY, SENDER, SENDER_KEY, raw_b64
from tests.integration.served import Served


def silent_peer() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/dci/registry/sync/search")
    async def too_late():
        await asyncio.sleep(5)
        return {}

    return app


def configure(monkeypatch, peer_url: str, silent_url: str) -> None:
    """Both registries speak as `lindung-registry` with one key (one process, one environment):
    the peer accepts our signed searches and we check its signed answers with the same JWK."""
    jwk = public_jwk(REGISTRY_KEY, "r1")
    env = {
        "LINDUNG_REGISTRY_DCI_PRIVATE_KEY": raw_b64(REGISTRY_KEY), "LINDUNG_REGISTRY_DCI_KEY_ID": "r1",
        "LINDUNG_REGISTRY_DCI_SENDERS": json.dumps({"lindung-registry": {"keys": [jwk]},
                                                    SENDER: {"keys": [public_jwk(SENDER_KEY, "k1")]}}),
        "LINDUNG_REGISTRY_DCI_PEERS": json.dumps([
            {"name": "lamandau", "url": peer_url + "/v1/dci/registry/sync/search", "receiver_id": "lindung-registry",
             "api_key": CLIENT_KEYS["dci-6207"], "jwk": jwk},
            {"name": "silent", "url": silent_url + "/v1/dci/registry/sync/search", "receiver_id": "silent",
             "api_key": "x"}]),
        "LINDUNG_REGISTRY_DCI_PEER_TIMEOUT_SECONDS": "1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)


async def person_in_both(registry, *, funded_in_lamandau: bool) -> str:
    """The same NIK registered in Lamandau (aid-funded or not) and in Sambas; the Sambas id."""
    serial = uuid.uuid4().int % 9000 + 1000
    there = await registry.post("/v1/participants", json=participant_body("6207", serial=serial))
    await registry.post(f"/v1/participants/{there.json()['id']}/memberships",
                        json={"programs": ["JKK", "JKM"], "start_date": "2025-07-01",
                              "funding": "aid" if funded_in_lamandau else "self"})
    sambas = participant_body("6101", serial=serial)
    sambas["nik"] = participant_body("6207", serial=serial)["nik"]
    sambas["birth_place"] = "Sambas"
    here = await registry.post("/v1/participants", json=sambas)
    assert here.status_code == 201, here.text
    return here.json()["id"]


async def test_allocation_records_what_the_peers_said(infra, api, aid_events, monkeypatch):
    with Served(silent_peer()) as silent:
        configure(monkeypatch, "http://127.0.0.1:1", silent.url)  # placeholder until the peer runs
        with Served(create_app(REGISTRY)) as peer:
            configure(monkeypatch, peer.url, silent.url)
            with Served(create_app(REGISTRY)) as ours:
                monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_REGISTRY_URL", ours.url)
                monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_REGISTRY_API_KEY", ADMIN_KEY)
                monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_IBR_CHECK_ENABLED", "true")
                registry, aid = await api("registry"), await api("contribution-aid")
                funded = await person_in_both(registry, funded_in_lamandau=True)
                unfunded = await person_in_both(registry, funded_in_lamandau=False)
                for pid in (funded, unfunded):
                    await aid_events.apply((registered(uuid.UUID(pid), "6101012001"), "6101"),
                                           (evaluated(uuid.UUID(pid), "vulnerable_worker_aid"), "6101"))
                budget = await new_budget(aid, amount=10_000_000)
                started = time.monotonic()
                first = await allocate(aid, budget["id"], uuid.UUID(funded), months=3)
                assert first.status_code == 201, first.text
                assert time.monotonic() - started < 4  # the silent peer did not hold it up
                check = first.json()["elsewhere_check"]
                assert check["funded_elsewhere"] is True
                by_peer = {p["peer"]: p for p in check["peers"]}
                assert (by_peer["lamandau"]["status"], by_peer["lamandau"]["regency_code"],
                        by_peer["lamandau"]["since"]) == ("enrolled", "6207", "2025-07-01")
                assert by_peer["silent"]["status"] == "unknown"
                second = (await allocate(aid, budget["id"], uuid.UUID(unfunded), months=3)).json()
                assert second["elsewhere_check"]["funded_elsewhere"] is None  # one peer said no, one was silent
                assert {p["peer"]: p["status"] for p in second["elsewhere_check"]["peers"]} == {
                    "lamandau": "not_enrolled", "silent": "unknown"}
                stored = infra.sql("contribution-aid", "SELECT elsewhere_check->>'funded_elsewhere' FROM allocations "
                                                       "WHERE id = %s", (first.json()["id"],))
                assert stored == [("true",)]
                audit = infra.sql("registry", "SELECT purpose FROM personal_data_access WHERE subject_id = %s",
                                  (funded,))
                assert ("ibr:lamandau,silent",) in audit


async def test_registry_out_of_reach_is_unknown_and_does_not_block(infra, api, aid_events, monkeypatch):
    monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_REGISTRY_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_IBR_CHECK_ENABLED", "true")
    aid = await api("contribution-aid")
    person = await aid_events.participant()
    budget = await new_budget(aid, amount=10_000_000)
    response = await allocate(aid, budget["id"], person, months=1)
    assert response.status_code == 201, response.text
    assert response.json()["elsewhere_check"]["funded_elsewhere"] is None
