"""DCI registry search (docs/API.md, DCI; goal: p99 < 50 ms locally): the registry API as a real
uvicorn process, participants on contribution aid registered through its API, then valid signed
sync searches (a fresh message_id each, signed before the clock starts) sent one after another
and with a few in flight. Each answer is checked (200, signed) before its latency counts."""
from __future__ import annotations

import asyncio
import json
import os
import time
import uuid

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.infra import ADMIN_KEY, bench_stack, percentiles, say
from shared.dci.signature import public_jwk, sign
from tests.factories import participant_body

REGENCY = "6207"
SENDER = "bench-peer"
KEY = Ed25519PrivateKey.generate()


def _env(registry_key: Ed25519PrivateKey) -> dict[str, str]:
    import base64

    from cryptography.hazmat.primitives import serialization
    raw = registry_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption())
    return {"LINDUNG_REGISTRY_DCI_SENDERS": json.dumps({SENDER: {"keys": [public_jwk(KEY, "k1")]}}),
            "LINDUNG_REGISTRY_DCI_PRIVATE_KEY": base64.b64encode(raw).decode(), "LINDUNG_REGISTRY_DCI_KEY_ID": "r1"}


async def seed(http: httpx.AsyncClient, base: str, people: int) -> list[str]:
    niks = []
    for n in range(people):
        body = participant_body(REGENCY, serial=1000 + n)
        created = await http.post(f"{base}/v1/participants", json=body)
        created.raise_for_status()
        pid = created.json()["id"]
        if n % 2 == 0:  # half on contribution aid, half self-funded
            (await http.post(f"{base}/v1/participants/{pid}/memberships",
                             json={"programs": ["JKK", "JKM"], "start_date": "2026-01-01", "funding": "aid"}
                             )).raise_for_status()
        niks.append(body["nik"])
    return niks


def message(nik: str) -> tuple[bytes, dict]:
    body = {"signature": "", "header": {
        "version": "1.0.0", "message_id": str(uuid.uuid4()), "message_ts": "2026-12-07T07:00:00Z",
        "action": "search", "sender_id": SENDER, "receiver_id": "lindung-registry", "total_count": 1},
        "message": {"transaction_id": str(uuid.uuid4()), "search_request": [{
            "reference_id": "r1", "timestamp": "2026-12-07T07:00:00Z",
            "search_criteria": {"query_type": "idtype-value", "query": {"type": "UIN", "value": nik},
                                "authorize": {"purpose": "benchmark"}}}]}}
    raw = json.dumps(body).encode()
    return raw, {"Signature": sign(KEY, sender_id=SENDER, kid="k1", body=raw), "content-type": "application/json"}


async def drive(http: httpx.AsyncClient, url: str, niks: list[str], count: int, in_flight: int) -> dict:
    messages = [message(niks[i % len(niks)]) for i in range(count)]
    latencies: list[float] = []
    errors = 0

    async def loop(offset: int) -> None:
        nonlocal errors
        for i in range(offset, count, in_flight):
            raw, headers = messages[i]
            started = time.perf_counter()
            answer = await http.post(url, content=raw, headers=headers)
            elapsed = time.perf_counter() - started
            if answer.status_code != 200 or "signature" not in answer.headers:
                errors += 1
                continue
            latencies.append(elapsed)

    began = time.perf_counter()
    await asyncio.gather(*(loop(k) for k in range(in_flight)))
    wall = time.perf_counter() - began
    figures = {f"{k}_ms": round(v * 1000, 2) for k, v in percentiles(latencies).items()} if latencies else {}
    return {"in_flight": in_flight, "requests": count, "errors": errors,
            "throughput_per_s": round(len(latencies) / wall), **figures}


async def baseline(http: httpx.AsyncClient, url: str, count: int) -> dict:
    """The same process's cheapest endpoint: what the machine's load alone costs a request."""
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        (await http.get(url)).raise_for_status()
        latencies.append(time.perf_counter() - started)
    return {f"{k}_ms": round(v * 1000, 2) for k, v in percentiles(latencies).items()}


def run(people: int = 200, requests: int = 1000) -> dict:
    load_before = os.getloadavg()[0]
    with bench_stack(["registry"]) as stack:
        stack.env.update(_env(Ed25519PrivateKey.generate()))
        stack.spawn("registry", "api")
        stack.wait_ready("registry")
        base = stack.url("registry")

        async def main() -> dict:
            async with httpx.AsyncClient(headers={"X-API-Key": ADMIN_KEY}, timeout=10) as http:
                say(f"registering {people} participants in {REGENCY} (half on contribution aid)")
                niks = await seed(http, base, people)
                url = f"{base}/v1/dci/registry/sync/search"
                await drive(http, url, niks, 50, 1)  # warm-up
                say(f"{requests} signed sync searches, one at a time")
                serial = await drive(http, url, niks, requests, 1)
                say(f"{requests} signed sync searches, 4 in flight")
                parallel = await drive(http, url, niks, requests, 4)
                say(f"baseline: {requests} GET /healthz on the same process, one at a time")
                return {"sequential": serial, "four_in_flight": parallel,
                        "baseline_healthz": await baseline(http, base + "/healthz", requests)}

        figures = asyncio.run(main())
    result = {"participants": people, "load_before": round(load_before, 2), **figures,
              "goal": "p99 < 50 ms", "met": figures["sequential"].get("p99_ms", 1e9) < 50}
    return result
