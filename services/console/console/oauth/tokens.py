"""Issuing tokens: one-time codes, signed access (and ID) tokens, rotating refresh tokens with
reuse detection (a refresh token used twice revokes its whole family, RFC 6819 §5.2.2.3)."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
import uuid

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from console.keys import KeySet
from console.oauth.domain import Identity, access_claims, id_token_claims, pkce_matches
from console.oauth.models import AuthorizationCode, RefreshToken
from console.persons.models import Person
from shared.problems import Problem


class OAuthError(Problem):
    """RFC 6749 §5.2 error (`error`, `error_description`) inside a problem document."""

    status, slug, title = 400, "oauth-error", "OAuth request refused"

    def __init__(self, error: str, description: str, status: int = 400, **extra):
        super().__init__(description, status=status, error=error, error_description=description, **extra)


class RefreshReused(Exception):
    """A used refresh token came back: its family must be revoked (in a transaction that commits)."""

    def __init__(self, family_id: uuid.UUID):
        super().__init__(str(family_id))
        self.family_id = family_id


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def identity_of(person: Person) -> Identity:
    return Identity(str(person.id), person.username, person.name, person.nip, person.office, person.position,
                    tuple(person.roles), tuple(person.regencies), tuple(person.villages))


async def create_code(session: AsyncSession, *, person: Person, client_id: str, redirect_uri: str, challenge: str,
                      nonce: str | None, lifetime: int) -> str:
    code = secrets.token_urlsafe(32)
    session.add(AuthorizationCode(code_sha256=digest(code), client_id=client_id, redirect_uri=redirect_uri,
                                  code_challenge=challenge, person_id=person.id, nonce=nonce,
                                  expires_at=now_utc() + dt.timedelta(seconds=lifetime)))
    return code


async def consume_code(sessions, *, code: str, client_id: str, redirect_uri: str,
                       verifier: str | None) -> AuthorizationCode:
    """The code once, used up in its own committed transaction before it is checked: a second use,
    another client or redirect, or a wrong PKCE verifier is invalid_grant and the code is gone."""
    async with sessions() as session, session.begin():
        row = (await session.execute(
            update(AuthorizationCode).where(AuthorizationCode.code_sha256 == digest(code),
                                            AuthorizationCode.used_at.is_(None),
                                            AuthorizationCode.expires_at > now_utc())
            .values(used_at=now_utc()).returning(AuthorizationCode))).scalar_one_or_none()
    if row is None or row.client_id != client_id or row.redirect_uri != redirect_uri:
        raise OAuthError("invalid_grant", "Authorization code unknown, used, expired or not for this client")
    if not pkce_matches(verifier, row.code_challenge):
        raise OAuthError("invalid_grant", "PKCE code_verifier does not match the code_challenge")
    return row


async def new_refresh(session: AsyncSession, *, person_id: uuid.UUID, client_id: str, family: uuid.UUID,
                      lifetime: int) -> str:
    token = secrets.token_urlsafe(32)
    session.add(RefreshToken(token_sha256=digest(token), family_id=family, person_id=person_id, client_id=client_id,
                             expires_at=now_utc() + dt.timedelta(seconds=lifetime)))
    return token


async def use_refresh(session: AsyncSession, *, token: str, client_id: str) -> RefreshToken:
    row = await session.get(RefreshToken, digest(token), with_for_update=True)
    if row is None or row.client_id != client_id or row.revoked_at is not None or row.expires_at <= now_utc():
        raise OAuthError("invalid_grant", "Refresh token unknown, revoked, expired or not for this client")
    if row.used_at is not None:  # replayed: someone else holds a copy; the caller ends the whole session
        raise RefreshReused(row.family_id)
    row.used_at = now_utc()
    return row


async def revoke_family(session: AsyncSession, family: uuid.UUID) -> None:
    await session.execute(update(RefreshToken).where(RefreshToken.family_id == family,
                                                     RefreshToken.revoked_at.is_(None)).values(revoked_at=now_utc()))


async def revoke_person(session: AsyncSession, person_id: uuid.UUID) -> None:
    await session.execute(update(RefreshToken).where(RefreshToken.person_id == person_id,
                                                     RefreshToken.revoked_at.is_(None)).values(revoked_at=now_utc()))


async def token_response(session: AsyncSession, settings, keys: KeySet, person: Person, *, client_id: str,
                         family: uuid.UUID | None = None, nonce: str | None = None) -> dict:
    """Access token (+ ID token) and a fresh refresh token of the same family."""
    now, who = int(time.time()), identity_of(person)
    access = keys.sign(access_claims(who, issuer=settings.issuer, audience=settings.oidc_audience,
                                     client_id=client_id, now=now, lifetime=settings.access_token_seconds,
                                     jti=secrets.token_hex(12)))
    id_token = keys.sign(id_token_claims(who, issuer=settings.issuer, client_id=client_id, now=now,
                                         lifetime=settings.access_token_seconds, nonce=nonce), typ="JWT")
    refresh = await new_refresh(session, person_id=person.id, client_id=client_id, family=family or uuid.uuid4(),
                                lifetime=settings.refresh_token_seconds)
    return {"access_token": access, "token_type": "Bearer", "expires_in": settings.access_token_seconds,
            "refresh_token": refresh, "id_token": id_token, "scope": "openid profile"}


def system_token(settings, keys: KeySet, client) -> dict:
    """client_credentials: the system itself (sub = client id), with its configured scopes and regencies."""
    now = int(time.time())
    claims = {"iss": settings.issuer, "sub": client.client_id, "aud": settings.oidc_audience, "iat": now,
              "nbf": now, "exp": now + settings.access_token_seconds, "jti": secrets.token_hex(12),
              "client_id": client.client_id, "azp": client.client_id, "scope": " ".join(sorted(client.scopes)),
              "regencies": sorted(client.regencies)}
    return {"access_token": keys.sign(claims), "token_type": "Bearer", "expires_in": settings.access_token_seconds,
            "scope": claims["scope"]}
