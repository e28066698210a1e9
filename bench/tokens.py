"""Bearer token verification cost per request (shared/oidc.py): signature + claims + mapping to a
Client, keys cached after the first JWKS fetch. `python -m bench tokens`."""
from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.infra import percentiles, say
from console.keys import KeySet, new_private_jwk, write_key_file
from shared.devstack import free_port
from shared.oidc import DEFAULT_CLAIMS, OidcConfig, TokenVerifier
from tests.integration.people import JwksServer, publish

ISSUER = "http://127.0.0.1/bench-issuer"


async def _measure(count: int) -> dict:
    base = Path(tempfile.mkdtemp(prefix="lindung-bench-tokens-"))
    write_key_file(base / "keys.json", [new_private_jwk()])
    publish(base / "keys.json", base / "jwks.json")
    server = JwksServer(base / "jwks.json", free_port())
    try:
        verifier = TokenVerifier(OidcConfig(ISSUER, "lindung", server.url, DEFAULT_CLAIMS))
        now = int(time.time())
        token = KeySet.load(base / "keys.json").sign({
            "iss": ISSUER, "aud": "lindung", "sub": "p-1", "iat": now, "exp": now + 600, "azp": "bench",
            "name": "Bench", "roles": ["petugas"], "regencies": ["6101"]})
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            verifier.client_of(await verifier.verify(token))
            samples.append((time.perf_counter() - started) * 1000)
        return {"tokens": count, "jwks_fetches": server.fetches, **percentiles(samples)}
    finally:
        server.stop()


def run(count: int = 2000) -> dict:
    say(f"tokens: verifying {count} Bearer tokens")
    return {"verify_ms": asyncio.run(_measure(count))}
