"""OAuth clients of the issuer: the console itself (browser, code + PKCE), the local tests' client
(password grant in the local run only) and systems using client credentials (from a file)."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

import yaml

CONSOLE = "lindung-console"
LOCAL_TESTS = "lindung-local-tests"


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    grants: frozenset[str]
    redirect_uris: frozenset[str] = frozenset()
    secret_sha256: str | None = None  # None: a public client (PKCE protects its code)
    scopes: frozenset[str] = frozenset()
    regencies: frozenset[str] = frozenset()

    def secret_matches(self, secret: str | None) -> bool:
        if self.secret_sha256 is None:
            return secret is None
        return secret is not None and hmac.compare_digest(hashlib.sha256(secret.encode()).hexdigest(),
                                                          self.secret_sha256)


def load_clients(settings) -> dict[str, OAuthClient]:
    base = settings.issuer.rstrip("/")
    local_grants = {"authorization_code", "refresh_token"} | ({"password"} if settings.local_run else set())
    clients = {
        CONSOLE: OAuthClient(CONSOLE, frozenset({"authorization_code", "refresh_token"}),
                             frozenset({f"{base}/callback"})),
        LOCAL_TESTS: OAuthClient(LOCAL_TESTS, frozenset(local_grants), frozenset({f"{base}/callback"})),
    }
    path = settings.oauth_clients_file
    if path and Path(path).exists():
        for entry in yaml.safe_load(Path(path).read_text()) or []:
            digest = entry.get("secret_sha256") or hashlib.sha256(entry["secret"].encode()).hexdigest()
            regencies = entry.get("regencies", [])
            clients[entry["client_id"]] = OAuthClient(
                entry["client_id"], frozenset({"client_credentials"}), secret_sha256=digest,
                scopes=frozenset(entry.get("scopes", [])),
                regencies=frozenset(["*"] if regencies == "*" else regencies))
    return clients
