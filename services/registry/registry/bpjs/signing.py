"""Authentication of signed BPJS requests (domain `bpjs_signature`): the signature over method,
path, timestamp, nonce and body hash, freshness, and a nonce store in the database so a replay
is refused by every process (INSERT ... ON CONFLICT DO NOTHING is the atomic check)."""
from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache

from fastapi import Request
from sqlalchemy import delete, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import async_sessionmaker

from registry.bpjs.models import UsedNonce
from registry.domain.bpjs_signature import KEY_ID, NONCE, SIGNATURE, TIMESTAMP, parse_signing_keys, verify_digest
from shared.problems import Problem

_MESSAGES = {
    "missing_headers": f"Signed request required: {KEY_ID}, {TIMESTAMP}, {NONCE}, {SIGNATURE}",
    "unknown_key": "Unknown signing key id",
    "stale": "Request timestamp is outside the allowed clock skew",
    "bad_signature": "Signature does not match the request",
    "nonce_reused": "Nonce was already used: the request is a replay",
}


class SignatureRefused(Problem):
    status, slug, title = 401, "invalid-signature", "Invalid request signature"


@lru_cache(maxsize=8)
def _keys(setting: str) -> dict[str, bytes]:
    return parse_signing_keys(setting)


def require_signature_headers(request: Request) -> None:
    """Refuse an unsigned request before its body is read."""
    if not all(request.headers.get(h) for h in (KEY_ID, TIMESTAMP, NONCE, SIGNATURE)):
        raise SignatureRefused(_MESSAGES["missing_headers"])


def signed_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


async def authenticate(request: Request, sessions: async_sessionmaker, settings, body_sha256: str) -> str:
    """The key id of a valid, fresh, first-seen signed request; 401 otherwise."""
    skew = settings.bpjs_max_clock_skew_seconds
    verification = verify_digest(request.headers, method=request.method, path=signed_path(request),
                                 body_sha256=body_sha256, keys=_keys(settings.bpjs_signing_keys), now=time.time(),
                                 max_skew=skew)
    if verification.ok and not await remember_nonce(sessions, verification.key_id, verification.nonce,
                                                    expires_at=verification.timestamp + skew):
        verification = verification._replace(ok=False, reason="nonce_reused")
    if not verification.ok:
        reason = verification.reason
        raise SignatureRefused(_MESSAGES.get(reason, f"Malformed signature headers ({reason})"), reason=reason)
    return verification.key_id


async def remember_nonce(sessions: async_sessionmaker, key_id: str, nonce: str, *, expires_at: int) -> bool:
    """True when the nonce is new under this key (committed at once, so a concurrent replay
    in another process sees it); expired nonces are pruned on the way."""
    async with sessions() as session, session.begin():
        await session.execute(delete(UsedNonce).where(UsedNonce.expires_at < func.now()))
        inserted = await session.execute(insert(UsedNonce).values(
            key_id=key_id, nonce=nonce, expires_at=dt.datetime.fromtimestamp(expires_at, dt.UTC),
        ).on_conflict_do_nothing().returning(UsedNonce.nonce))
        return inserted.first() is not None
