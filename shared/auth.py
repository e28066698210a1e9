"""X-API-Key clients with scopes and regencies (docs/API.md §2).

Clients come from a YAML/JSON file (`LINDUNG_CLIENTS_FILE`) of
`[{name, key_sha256 | key, scopes: [...], regencies: [...] | "*"}]`; keys are compared by
SHA-256 so the file need not hold plain keys. `LINDUNG_ADMIN_API_KEY` adds an admin client
with every scope and every regency.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from fastapi import Request

from shared.problems import Forbidden, Unauthorized
from shared.ratelimit import RateLimits

ALL = "*"
SCOPES = {
    "registry:read", "registry:write", "pii:read", "registry:resolve", "bpjs:exchange", "oss:feed",
    "eligibility:evaluate", "eligibility:admin",
    "aid:read", "aid:write", "aid:treasurer",
    "sanctions:read", "sanctions:write", "clearance:read",
    "reporting:read", "reporting:write", "admin",
}


@dataclass(frozen=True)
class Client:
    name: str
    scopes: frozenset[str]
    regencies: frozenset[str] = field(default_factory=frozenset)

    @property
    def all_regencies(self) -> bool:
        return ALL in self.regencies

    def has(self, scope: str) -> bool:
        return ALL in self.scopes or scope in self.scopes

    def may_act_for(self, regency_code: str) -> bool:
        return self.all_regencies or regency_code in self.regencies

    def require_regency(self, regency_code: str) -> None:
        if not self.may_act_for(regency_code):
            raise Forbidden(f"Client '{self.name}' may not act for regency {regency_code}")

    def visible_regencies(self, known: list[str]) -> list[str]:
        return list(known) if self.all_regencies else [c for c in known if c in self.regencies]


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ClientRegistry:
    def __init__(self, clients: dict[str, Client]):
        self._by_digest = clients

    @classmethod
    def load(cls, clients_file: str | None, admin_key: str | None) -> ClientRegistry:
        clients: dict[str, Client] = {}
        if clients_file and Path(clients_file).exists():
            for entry in yaml.safe_load(Path(clients_file).read_text()) or []:
                digest = entry.get("key_sha256") or _digest(entry["key"])
                regencies = entry.get("regencies", [])
                clients[digest] = Client(entry["name"], frozenset(entry.get("scopes", [])),
                                         frozenset([ALL] if regencies == ALL else regencies))
        if admin_key:
            clients[_digest(admin_key)] = Client("admin", frozenset([ALL]), frozenset([ALL]))
        return cls(clients)

    def authenticate(self, key: str | None) -> Client:
        if not key:
            raise Unauthorized("Missing X-API-Key header")
        digest = _digest(key)
        for known, client in self._by_digest.items():
            if hmac.compare_digest(known, digest):
                return client
        raise Unauthorized("Unknown API key")


def require(scope: str):
    """FastAPI dependency: the authenticated client, which must hold `scope`."""
    return require_any(scope)


def require_any(*scopes: str):
    """FastAPI dependency: the authenticated client, which must hold one of `scopes` (an endpoint
    more than one kind of client may call, e.g. a scope made for one system client)."""

    async def dependency(request: Request) -> Client:
        registry: ClientRegistry = request.app.state.clients
        limits = RateLimits.of(request)  # repeated failures: 429 before the key is even checked
        limits.before_authentication(request)
        try:
            client = registry.authenticate(request.headers.get("x-api-key"))
        except Unauthorized:
            limits.authentication_failed(request)
            raise
        if not any(client.has(scope) for scope in scopes):
            wanted = "' or '".join(scopes)
            raise Forbidden(f"Client '{client.name}' lacks the scope '{wanted}'")
        request.state.client = client
        return client

    return dependency
