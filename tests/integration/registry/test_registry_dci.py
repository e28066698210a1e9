"""DCI registry search (docs/API.md, DCI): signed sync and async searches by NIK, refusals with the
standard's codes, the minimum in the answer, the audit trail and the ledger of message ids.
Messages follow tests/fixtures/dci (built from the spdci published schemas and examples)."""
from __future__ import annotations

import json
import time
import uuid

import pytest
from fastapi import FastAPI, Request

from shared.dci.signature import KeyRing, public_jwk
from tests.factories import make_nik, participant_body
from tests.integration.conftest import CLIENT_KEYS, eventually
from tests.integration.registry.dci_helpers import (
    REGISTRY_KEY,
    SENDER,
    SENDER_KEY,
    STRANGER_KEY,
    registry_env,
    search_body,
    signed,
)
from tests.integration.served import Served

SYNC, ASYNC = "/v1/dci/registry/sync/search", "/v1/dci/registry/search"


@pytest.fixture
def dci_env(monkeypatch):
    for name, value in registry_env().items():
        monkeypatch.setenv(name, value)


async def enrolled_person(registry, regency: str = "6207", funding: str = "aid") -> tuple[str, str]:
    body = participant_body(regency, serial=uuid.uuid4().int % 9000 + 1000)
    created = await registry.post("/v1/participants", json=body)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    started = await registry.post(f"/v1/participants/{pid}/memberships",
                                  json={"programs": ["JKK", "JKM"], "start_date": "2026-02-01", "funding": funding})
    assert started.status_code == 201, started.text
    return pid, body["nik"]


async def peer_client(api):
    return await api("registry", key=CLIENT_KEYS["dci-6207"])


async def test_signed_sync_search_answers_the_minimum_signed_and_audited(infra, api, dci_env):
    registry = await api("registry")
    pid, nik = await enrolled_person(registry)
    peer = await peer_client(api)
    raw, headers = signed(search_body(nik))
    answer = await peer.post(SYNC, content=raw, headers=headers)
    assert answer.status_code == 200, answer.text
    KeyRing({"lindung-registry": {"r1": REGISTRY_KEY.public_key()}}).verify(answer.headers["signature"],
                                                                           answer.content)
    body = answer.json()
    assert (body["header"]["action"], body["header"]["status"], body["header"]["receiver_id"]) == (
        "on-search", "succ", SENDER)
    item, = body["message"]["search_response"]
    assert (item["reference_id"], item["status"]) == ("ref-0001", "succ")
    rec, = item["data"]["reg_records"]
    assert (rec["enrolled"], rec["regency_code"], rec["since"], rec["programs"]) == (
        True, "6207", "2026-02-01", ["JKK", "JKM"])
    assert nik not in answer.text and pid not in answer.text and "Budi" not in answer.text
    audit = infra.sql("registry", "SELECT client, purpose FROM personal_data_access WHERE subject_id = %s", (pid,))
    assert audit == [("dci-6207", f"dci:{SENDER}:bantuan iuran: cek pendanaan ganda")]
    ledger = infra.sql("registry", "SELECT purpose, consent FROM dci_messages WHERE message_id = %s",
                       (json.loads(raw)["header"]["message_id"],))
    assert ledger == [("bantuan iuran: cek pendanaan ganda", "consent-2026-0042")]


async def test_a_person_not_on_aid_or_of_another_regency_is_not_enrolled(infra, api, dci_env):
    registry = await api("registry")
    _, self_funded = await enrolled_person(registry, funding="self")
    _, elsewhere = await enrolled_person(registry, regency="6101")  # the peer may see 6207 only
    peer = await peer_client(api)
    for nik in (self_funded, elsewhere, make_nik("6207", serial=9999)):
        raw, headers = signed(search_body(nik))
        item, = (await peer.post(SYNC, content=raw, headers=headers)).json()["message"]["search_response"]
        assert item["data"]["reg_records"] == [{"enrolled": False}]


async def test_unknown_key_expired_signature_tampering_and_replay_are_refused(infra, api, dci_env):
    peer = await peer_client(api)
    body = search_body(make_nik("6207", serial=1234))
    cases = [
        (signed(body, key=STRANGER_KEY), 401, "err.signature.invalid"),
        (signed(body, kid="k9"), 401, "err.signature.invalid"),
        (signed(body, now=time.time() - 3600), 401, "err.signature.invalid"),  # expires passed
        ((json.dumps(body).encode(), {"content-type": "application/json"}), 401, "err.signature.missing"),
    ]
    raw, headers = signed(body)
    cases.append(((raw.replace(b"ref-0001", b"ref-0002"), headers), 401, "err.signature.invalid"))
    for (content, sent_headers), status, code in cases:
        refused = await peer.post(SYNC, content=content, headers=sent_headers)
        assert (refused.status_code, refused.json()["errors"][0]["code"]) == (status, code)
    assert (await peer.post(SYNC, content=raw, headers=headers)).status_code == 200
    replayed = await peer.post(SYNC, content=raw, headers=headers)
    assert (replayed.status_code, replayed.json()["errors"][0]["code"]) == (409, "rjct.message_id.duplicate")
    again, again_headers = signed(body)  # re-signed, same message_id: still a duplicate
    assert (await peer.post(SYNC, content=again, headers=again_headers)).json()["errors"][0]["code"] == \
        "rjct.message_id.duplicate"


async def test_api_key_scope_and_envelope_checks(infra, api, dci_env):
    raw, headers = signed(search_body(make_nik("6207", serial=1235)))
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    assert (await clerk.post(SYNC, content=raw, headers=headers)).status_code == 403
    peer = await peer_client(api)
    bad = search_body(make_nik("6207", serial=1236))
    bad["header"]["total_count"] = 2
    assert (await peer.post(SYNC, content=signed(bad)[0], headers=signed(bad)[1])).json()["errors"][0]["code"] == \
        "rjct.total_count.invalid"
    extra = search_body(make_nik("6207", serial=1237))
    extra["message"]["rogue"] = True
    content, hdrs = signed(extra)
    assert (await peer.post(SYNC, content=content, headers=hdrs)).json()["errors"][0]["code"] == "err.request.bad"
    encrypted = search_body(make_nik("6207", serial=1240))
    encrypted["header"]["is_msg_encrypted"] = True
    content, hdrs = signed(encrypted)
    assert (await peer.post(SYNC, content=content, headers=hdrs)).json()["errors"][0]["code"] == \
        "err.encryption.invalid"
    imposter = search_body(make_nik("6207", serial=1238))
    imposter["header"]["sender_id"] = "someone-else"
    content, hdrs = signed(imposter)
    assert (await peer.post(SYNC, content=content, headers=hdrs)).json()["errors"][0]["code"] == \
        "err.sender_id.invalid"


async def test_a_search_without_purpose_or_by_another_id_type_is_rejected_per_item(infra, api, dci_env):
    peer = await peer_client(api)
    for criteria in ({"authorize": None, "consent": None},
                     {"query": {"type": "BRN", "value": "X-1"}}):
        content, hdrs = signed(search_body(make_nik("6207", serial=1239), **criteria))
        answer = (await peer.post(SYNC, content=content, headers=hdrs)).json()
        item, = answer["message"]["search_response"]
        assert (answer["header"]["status"], item["status"], item["status_reason_code"]) == (
            "rjct", "rjct", "rjct.search_criteria.invalid")


class Receiver(Served):
    """The sender's callback endpoint, served on 127.0.0.1: records each on-search it gets."""

    def __init__(self):
        self.received = []
        app = FastAPI()

        @app.post("/dci/on-search")
        async def on_search(request: Request):
            self.received.append((request.headers.get("signature"), await request.body()))
            return {"message": {"ack_status": "ACK"}}

        super().__init__(app)


async def test_async_search_acknowledges_then_calls_back_on_search_signed(infra, api, monkeypatch, dci_env):
    registry = await api("registry")
    _, nik = await enrolled_person(registry)
    with Receiver() as receiver:
        monkeypatch.setenv("LINDUNG_REGISTRY_DCI_SENDERS", json.dumps(
            {SENDER: {"keys": [public_jwk(SENDER_KEY, "k1")], "callback_prefix": f"http://127.0.0.1:{receiver.port}/dci"}}))
        peer = await peer_client(api)
        content, hdrs = signed(search_body(nik, sender_uri=f"http://127.0.0.1:{receiver.port}/dci"))
        ack = await peer.post(ASYNC, content=content, headers=hdrs)
        assert (ack.status_code, ack.json()["message"]["ack_status"]) == (202, "ACK"), ack.text
        signature, raw = (await eventually(lambda: receiver.received, timeout=15))[0]
        KeyRing({"lindung-registry": {"r1": REGISTRY_KEY.public_key()}}).verify(signature, raw)
        body = json.loads(raw)
        assert body["header"]["action"] == "on-search"
        assert body["message"]["transaction_id"] == json.loads(content)["message"]["transaction_id"]
        assert body["message"]["search_response"][0]["data"]["reg_records"][0]["enrolled"] is True
        elsewhere, hdrs = signed(search_body(nik, sender_uri="http://evil.example/dci"))
        refused = await peer.post(ASYNC, content=elsewhere, headers=hdrs)
        assert (refused.status_code, refused.json()["errors"][0]["code"]) == (400, "err.sender_uri.invalid")
