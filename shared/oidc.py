"""OpenID Connect resource server: a Bearer access token (JWT) becomes a `Client` acting for a person.

The token is verified with PyJWT against the configured issuer's JWKS (PyJWKClient: the key set is
cached for `oidc_jwks_cache_seconds`; a token naming an unknown `kid` forces one refetch, at most
every `oidc_jwks_cooldown_seconds`, so a rotated key is picked up without a restart and random kids
cannot hammer the issuer). Checked: signature (asymmetric algorithms only), `iss`, `aud`, `exp`,
`iat`, `sub`. Claims are mapped to a person by `oidc_claims` (claim name per field, dotted paths
for nested claims such as Keycloak's `realm_access.roles`), so a regency can point the services at
its own identity provider by configuration only (docs/ARCHITECTURE.md "People and tokens")."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import anyio
import jwt
from jwt import PyJWKClient

from shared import roles as role_catalogue
from shared.problems import Problem, Unauthorized

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
ALL = "*"
# the claim names the local issuer (services/console) writes; a deployment overrides any of them
DEFAULT_CLAIMS = {
    "name": "name", "nip": "nip", "office": "office", "position": "position",
    "roles": "roles", "regencies": "regencies", "villages": "villages", "client_id": "azp",
}


class IssuerUnavailable(Problem):
    status, slug, title = 503, "issuer-unavailable", "Identity provider unavailable"


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    audience: str
    jwks_url: str
    claims: dict[str, str]
    cache_seconds: float = 300
    cooldown_seconds: float = 10
    leeway_seconds: float = 30

    @classmethod
    def from_settings(cls, settings) -> OidcConfig | None:
        if not (settings.oidc_issuer and settings.oidc_jwks_url):
            return None
        return cls(settings.oidc_issuer, settings.oidc_audience, settings.oidc_jwks_url,
                   {**DEFAULT_CLAIMS, **(settings.oidc_claims or {})}, settings.oidc_jwks_cache_seconds,
                   settings.oidc_jwks_cooldown_seconds, settings.oidc_leeway_seconds)


def claim(claims: dict, path: str) -> Any:
    """A claim by dotted path (`realm_access.roles`); None when absent."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _strings(value: Any) -> frozenset[str]:
    """A list claim; a space-separated string is accepted too (some providers flatten lists)."""
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, (list, tuple)):
        return frozenset(str(v) for v in value)
    return frozenset()


class TokenVerifier:
    def __init__(self, config: OidcConfig):
        self.config = config
        self._jwks = PyJWKClient(config.jwks_url, cache_keys=False, lifespan=config.cache_seconds,
                                 cooldown_duration=config.cooldown_seconds, timeout=5)
        self._keys: dict[str, tuple] = {}  # kid -> (key, when looked up)

    def _cached(self, kid: str):
        """A key seen within the cache lifetime, without a thread hop (the common case)."""
        hit = self._keys.get(kid)
        return hit[0] if hit and time.monotonic() - hit[1] < self.config.cache_seconds else None

    async def _fetch(self, kid: str):
        """PyJWKClient's lookup (blocking urllib when it has to fetch) in a worker thread."""
        key = await anyio.to_thread.run_sync(self._jwks.get_signing_key, kid)
        self._keys[kid] = (key, time.monotonic())
        return key

    async def verify(self, token: str) -> dict:
        """The token's claims, or 401 (invalid) / 503 (keys unreachable and not cached)."""
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") not in ALGORITHMS or not header.get("kid"):
                raise Unauthorized("Bearer token: unsupported algorithm or no key id")
            key = self._cached(header["kid"]) or await self._fetch(header["kid"])
            return jwt.decode(token, key.key, algorithms=[header["alg"]], audience=self.config.audience,
                              issuer=self.config.issuer, leeway=self.config.leeway_seconds,
                              options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.PyJWKClientConnectionError as exc:
            raise IssuerUnavailable("Cannot fetch the identity provider's keys (JWKS); try again later") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"Bearer token rejected: {type(exc).__name__}") from exc

    def client_of(self, claims: dict):
        """The `Client` a verified token stands for (a person, or a system by client credentials)."""
        from shared.auth import Client, Person

        names = self.config.claims
        client_id = claim(claims, names["client_id"]) or claims.get("client_id")
        roles = _strings(claim(claims, names["roles"]))
        regencies = _strings(claim(claims, names["regencies"]))
        villages = _strings(claim(claims, names["villages"]))
        if claims["sub"] == client_id:  # client_credentials: a system, scopes as granted
            return Client(str(client_id), _strings(claims.get("scope")) - {ALL}, regencies)
        person = Person(id=str(claims["sub"]), name=str(claim(claims, names["name"]) or claims["sub"]),
                        nip=claim(claims, names["nip"]), office=claim(claims, names["office"]),
                        position=claim(claims, names["position"]), roles=roles,
                        client_id=str(client_id) if client_id else None)
        return Client(f"person:{person.id}", role_catalogue.scopes_of(roles), regencies, person=person,
                      villages=villages if role_catalogue.village_bound(roles) else None)
