"""Rate limiting (issue 10 item 12, OWASP API4): repeated authentication failures from one address
are answered 429 with Retry-After long before 400 bad keys in a row (even a good key from that
address waits), and expensive endpoints are limited per client and per address."""
from __future__ import annotations

from tests.integration.conftest import ADMIN_KEY, CLIENT_KEYS


async def test_repeated_bad_keys_get_429_with_retry_after(infra, api, monkeypatch):
    monkeypatch.setenv("LINDUNG_REGISTRY_RATE_AUTH_FAILURES", "5/minute")
    guesser = await api("registry", key=None)
    url = "/v1/participants/00000000-0000-0000-0000-000000000000"
    answers = [(await guesser.get(url, headers={"X-API-Key": f"guess-{i}"})).status_code for i in range(8)]
    assert answers == [401] * 5 + [429] * 3
    refused = await guesser.get(url, headers={"X-API-Key": ADMIN_KEY})  # same address
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["type"].endswith("/too-many-requests")


async def test_expensive_endpoints_are_limited_per_client(infra, api, monkeypatch):
    monkeypatch.setenv("LINDUNG_REGISTRY_RATE_EXPENSIVE", "3/minute")
    admin = await api("registry")
    answers = [(await admin.post("/v1/participants/resolve", json={})).status_code for _ in range(4)]
    assert answers[:3] == [422] * 3 and answers[3] == 429
    other = await api("registry", key=CLIENT_KEYS["pii-officer"])  # another client, same app, own budget
    assert (await other.post("/v1/participants/resolve", json={})).status_code == 422
