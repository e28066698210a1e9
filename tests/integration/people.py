"""Persons in tests: real signed access tokens the services accept under the test fixtures.

The `infra` fixture creates the test issuer's signing key file (the same file the console issuer
signs with, `LINDUNG_CONSOLE_SIGNING_KEYS_FILE`) and serves its public JWKS over HTTP; every
service is configured with that issuer, audience and JWKS URL. `token_for` signs with that key, so
a test sends `Authorization: Bearer <token>` exactly as a browser session's API calls would:

    token = token_for(infra, sub="p-1", name="Siti", roles=["petugas"], regencies=["6101"])
    http = await api("registry", key=None)
    await http.get("/v1/participants", headers=bearer(token))
"""
from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from console.keys import KeySet, new_private_jwk, write_key_file

AUDIENCE = "lindung"
TEST_CLIENT = "lindung-local-tests"
ISSUER_ENV = "LINDUNG_CONSOLE_ISSUER"
KEYS_ENV = "LINDUNG_CONSOLE_SIGNING_KEYS_FILE"


def _env(infra_or_env) -> dict:
    return infra_or_env if isinstance(infra_or_env, dict) else infra_or_env.env


def token_for(infra_or_env, *, sub: str, name: str, roles, regencies, nip: str | None = None,
              **overrides) -> str:
    """A person's access token signed by the test issuer's active key.

    `overrides` replace or add claims (`iss=`, `aud=`, `exp=`, `villages=`, `office=`, ...); `kid=`
    signs with another key of the key file, `key_file=` with a key set the services do not know."""
    env = _env(infra_or_env)
    kid = overrides.pop("kid", None)
    keys = KeySet.load(overrides.pop("key_file", None) or env[KEYS_ENV])
    now = int(time.time())
    claims = {"iss": env[ISSUER_ENV], "aud": AUDIENCE, "sub": sub, "iat": now, "exp": now + 300,
              "jti": secrets.token_hex(8), "azp": TEST_CLIENT, "client_id": TEST_CLIENT, "name": name,
              "nip": nip, "office": "Dinas Tenaga Kerja", "position": None, "roles": sorted(roles),
              "regencies": sorted(regencies)}
    claims.update(overrides)
    return keys.sign(claims, kid=kid)


def bearer(token: str) -> dict[str, str]:
    """Request headers for a person (no X-API-Key: open the client with `api(svc, key=None)`)."""
    return {"Authorization": f"Bearer {token}"}


def other_key_file(directory: Path) -> Path:
    """A key set no service knows (tokens signed with it carry an unknown kid)."""
    path = directory / f"stranger-{secrets.token_hex(4)}.json"
    write_key_file(path, [new_private_jwk()])
    return path


def rotate(key_file: Path, jwks_file: Path) -> str:
    """Put a new signing key first (the old one stays published); returns the new kid."""
    keys = KeySet.load(key_file)
    fresh = new_private_jwk()
    write_key_file(key_file, [fresh, *keys.private])
    publish(key_file, jwks_file)
    return fresh["kid"]


def publish(key_file: Path, jwks_file: Path) -> None:
    jwks_file.write_text(json.dumps(KeySet.load(key_file).public_jwks()))


class JwksServer:
    """Serves the test issuer's public JWKS file over HTTP on 127.0.0.1 (re-read at each request,
    so a test can rotate keys); counts fetches so caching can be asserted."""

    def __init__(self, jwks_file: Path, port: int):
        self.jwks_file, self.fetches = jwks_file, 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.fetches += 1
                body = outer.jwks_file.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{port}/.well-known/jwks.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
