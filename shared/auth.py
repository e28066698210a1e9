"""Who calls: X-API-Key systems and Bearer-token persons, with scopes and regencies (docs/API.md §2, §14).

`Authorization: Bearer <JWT>` (an OpenID Connect access token, verified by shared/oidc.py) makes a
`Client` whose `person` names the human acting; its scopes are those of the person's roles
(profiles/roles.yaml). `X-API-Key` stays for systems (person None). API-key clients come from a
YAML/JSON file (`LINDUNG_CLIENTS_FILE`) of
`[{name, key_sha256 | key, scopes: [...], regencies: [...] | "*"}]`; keys are compared by
SHA-256 so the file need not hold plain keys. `LINDUNG_ADMIN_API_KEY` adds an admin client
with every scope and every regency.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from fastapi import Request

from shared import audit
from shared.oidc import OidcConfig, TokenVerifier
from shared.problems import Forbidden, Unauthorized
from shared.ratelimit import RateLimits

ALL = "*"
SCOPES = {
    "registry:read", "registry:write", "pii:read", "registry:resolve", "bpjs:exchange", "oss:feed", "dci:search",
    "eligibility:evaluate", "eligibility:admin",
    "aid:read", "aid:write", "aid:treasurer",
    "sanctions:read", "sanctions:write", "clearance:read",
    "reporting:read", "reporting:write", "admin", "audit:read",
}


@dataclass(frozen=True)
class Person:
    """The human behind a request (from a verified Bearer token)."""

    id: str                 # the token's `sub`
    name: str
    nip: str | None
    office: str | None
    position: str | None
    roles: frozenset[str]
    client_id: str | None = None  # the application the person used (token `azp`)


@dataclass(frozen=True)
class Client:
    name: str
    scopes: frozenset[str]
    regencies: frozenset[str] = field(default_factory=frozenset)
    person: Person | None = None  # None for X-API-Key systems, which act as before
    villages: frozenset[str] | None = None  # None: every village of its regencies

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

    def may_act_in_village(self, village_code: str | None) -> bool:
        return self.villages is None or village_code in self.villages

    def require_village(self, village_code: str | None) -> None:
        if not self.may_act_in_village(village_code):
            raise Forbidden(f"Client '{self.name}' may not act for village {village_code}")

    def visible_regencies(self, known: list[str]) -> list[str]:
        return list(known) if self.all_regencies else [c for c in known if c in self.regencies]


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ClientRegistry:
    def __init__(self, clients: dict[str, Client], verifier: TokenVerifier | None = None):
        self._by_digest = clients
        self.verifier = verifier

    @classmethod
    def from_settings(cls, settings) -> ClientRegistry:
        registry = cls.load(settings.clients_file, settings.admin_api_key)
        config = OidcConfig.from_settings(settings)
        registry.verifier = TokenVerifier(config) if config else None
        return registry

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
        # a dict lookup by digest, not a scan: timing can tell at most how a digest of a guess compares
        # with the stored digests, which gives no key (SHA-256 is not invertible)
        digest = _digest(key)
        client = self._by_digest.get(digest)
        if client is None:
            raise Unauthorized("Unknown API key")
        return client

    async def authenticate_request(self, request: Request) -> Client:
        """Bearer token (a person) when present, else the X-API-Key (a system)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return self.authenticate(request.headers.get("x-api-key"))
        if self.verifier is None:
            raise Unauthorized("Bearer tokens are not accepted: no identity provider is configured")
        return self.verifier.client_of(await self.verifier.verify(token.strip()))


async def authenticated(request: Request) -> Client:
    """FastAPI dependency: the authenticated client (person or system), whatever its scopes."""
    registry: ClientRegistry = request.app.state.clients
    limits = RateLimits.of(request)  # repeated failures: 429 before the key or token is even checked
    limits.before_authentication(request)
    try:
        client = await registry.authenticate_request(request)
    except Unauthorized:
        limits.authentication_failed(request)
        raise
    request.state.client = client
    audit.bind_request(client, request.headers.get(audit.PURPOSE_HEADER))
    return client


def require(scope: str):
    """FastAPI dependency: the authenticated client, which must hold `scope`."""
    return require_any(scope)


def require_any(*scopes: str):
    """FastAPI dependency: the authenticated client, which must hold one of `scopes`."""

    async def dependency(request: Request) -> Client:
        client = await authenticated(request)
        if not any(client.has(scope) for scope in scopes):
            who = f"Person '{client.person.name}'" if client.person else f"Client '{client.name}'"
            raise Forbidden(f"{who} lacks the scope '{' or '.join(scopes)}' "
                            f"(tidak memiliki hak akses '{' atau '.join(scopes)}')")
        return client

    return dependency
