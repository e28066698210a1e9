"""Signed DCI messages for the tests: a sender ("province-62") with its own Ed25519 key, the
registry's key, and search envelopes built from tests/fixtures/dci/search-request.json."""
from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.dci.signature import public_jwk, sign

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "dci" / "search-request.json"
SENDER = "province-62"
SENDER_KEY = Ed25519PrivateKey.generate()
STRANGER_KEY = Ed25519PrivateKey.generate()
REGISTRY_KEY = Ed25519PrivateKey.generate()


def raw_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                              serialization.NoEncryption())).decode()


def registry_env(callback_prefix: str = "http://127.0.0.1") -> dict[str, str]:
    senders = {SENDER: {"keys": [public_jwk(SENDER_KEY, "k1")], "callback_prefix": callback_prefix}}
    return {"LINDUNG_REGISTRY_DCI_SENDERS": json.dumps(senders),
            "LINDUNG_REGISTRY_DCI_PRIVATE_KEY": raw_b64(REGISTRY_KEY),
            "LINDUNG_REGISTRY_DCI_KEY_ID": "r1"}


def search_body(nik: str, *, sender_uri: str = "", **criteria) -> dict:
    body = json.loads(FIXTURE.read_text())
    body["header"].update(message_id=str(uuid.uuid4()), sender_uri=sender_uri)
    body["message"]["transaction_id"] = str(uuid.uuid4())
    body["message"]["search_request"][0]["search_criteria"]["query"]["value"] = nik
    body["message"]["search_request"][0]["search_criteria"].update(criteria)
    return body


def signed(body: dict, *, key: Ed25519PrivateKey = SENDER_KEY, kid: str = "k1", sender: str = SENDER,
           now: float | None = None) -> tuple[bytes, dict]:
    raw = json.dumps(body).encode()
    return raw, {"Signature": sign(key, sender_id=sender, kid=kid, body=raw, now=now),
                 "content-type": "application/json"}
