"""Pure rules of the issuer: PKCE (RFC 7636, S256 only), lockout after failed logins, the claims of
an access token (RFC 9068 shape; the claim names shared/oidc.py reads by default)."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).decode().rstrip("=")


def pkce_matches(verifier: str | None, challenge: str) -> bool:
    return bool(verifier and VERIFIER.match(verifier)) and hmac.compare_digest(s256(verifier), challenge)


@dataclass(frozen=True)
class LoginState:
    failed: int
    locked_until: dt.datetime | None


def locked(state: LoginState, now: dt.datetime) -> bool:
    return state.locked_until is not None and state.locked_until > now


def after_failure(state: LoginState, now: dt.datetime, *, threshold: int, lock_seconds: int) -> LoginState:
    """The n-th failure in a row locks the account for lock_seconds (then it starts again from zero)."""
    failed = state.failed + 1
    if failed >= threshold:
        return LoginState(0, now + dt.timedelta(seconds=lock_seconds))
    return LoginState(failed, None)


@dataclass(frozen=True)
class Identity:
    id: str
    username: str
    name: str
    nip: str | None
    office: str | None
    position: str | None
    roles: tuple[str, ...]
    regencies: tuple[str, ...]
    villages: tuple[str, ...]


def access_claims(who: Identity, *, issuer: str, audience: str, client_id: str, now: int, lifetime: int,
                  jti: str) -> dict:
    return {"iss": issuer, "sub": who.id, "aud": audience, "iat": now, "nbf": now, "exp": now + lifetime,
            "jti": jti, "client_id": client_id, "azp": client_id, "scope": "openid profile",
            "preferred_username": who.username, "name": who.name, "nip": who.nip, "office": who.office,
            "position": who.position, "roles": list(who.roles), "regencies": list(who.regencies),
            "villages": list(who.villages)}


def id_token_claims(who: Identity, *, issuer: str, client_id: str, now: int, lifetime: int,
                    nonce: str | None) -> dict:
    claims = {"iss": issuer, "sub": who.id, "aud": client_id, "iat": now, "exp": now + lifetime,
              "auth_time": now, "azp": client_id, "name": who.name, "preferred_username": who.username}
    return {**claims, "nonce": nonce} if nonce else claims
