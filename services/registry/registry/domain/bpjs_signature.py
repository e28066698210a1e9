"""Signing and verifying BPJS Ketenagakerjaan data-exchange requests.

The signature is HMAC-SHA256, hex, over the canonical string

    METHOD \\n PATH \\n TIMESTAMP \\n NONCE \\n hex(SHA256(body))

where PATH is the request path as sent, query string included (``/v1/bpjs/sync?x=1``), and
TIMESTAMP is unix seconds. Headers: ``X-BPJS-Key-Id``, ``X-BPJS-Timestamp``,
``X-BPJS-Nonce``, ``X-BPJS-Signature``. Several keys may be valid at once (rotation): the key
id picks the secret. A request is stale when its timestamp is more than `max_skew` seconds from
now, either way. Replays inside that window are caught by the caller's nonce store
(`check_nonce` with a `NonceStore`); nonces only need remembering for the window.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from typing import NamedTuple, Protocol

KEY_ID, TIMESTAMP, NONCE, SIGNATURE = "X-BPJS-Key-Id", "X-BPJS-Timestamp", "X-BPJS-Nonce", "X-BPJS-Signature"
MAX_SKEW_SECONDS = 300
_NONCE = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


class Verification(NamedTuple):
    ok: bool
    reason: str | None = None  # missing_headers, malformed_*, unknown_key, stale, bad_signature, nonce_reused
    key_id: str | None = None
    timestamp: int | None = None
    nonce: str | None = None


class NonceStore(Protocol):
    def remember(self, key_id: str, nonce: str, *, expires_at: int) -> bool:
        """Record the nonce; True when it was new, False when already seen (a replay).
        Must be atomic across workers (e.g. INSERT ... ON CONFLICT DO NOTHING)."""


def parse_signing_keys(text: str) -> dict[str, bytes]:
    """Settings ``"key_id:secret,key_id2:secret2"``; a secret is used as its UTF-8 bytes."""
    keys = {}
    for entry in (part.strip() for part in (text or "").split(",")):
        key_id, sep, secret = entry.partition(":")
        if entry and (not sep or not key_id.strip() or not secret):
            raise ValueError("signing keys are written key_id:secret")
        if entry:
            keys[key_id.strip()] = secret.encode("utf-8")
    return keys


def canonical_request(method: str, path: str, timestamp: str, nonce: str, body: bytes, *,
                      body_sha256: str | None = None) -> bytes:
    """The signed string; `body_sha256` (hex) stands in for the body when the caller hashed a
    streamed body itself."""
    digest = body_sha256 if body_sha256 is not None else hashlib.sha256(body).hexdigest()
    return "\n".join((method.upper(), path, timestamp, nonce, digest)).encode("utf-8")


def compute_signature(secret: bytes, method: str, path: str, timestamp: str, nonce: str, body: bytes = b"", *,
                      body_sha256: str | None = None) -> str:
    message = canonical_request(method, path, timestamp, nonce, body, body_sha256=body_sha256)
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def sign(*, key_id: str, secret: bytes, method: str, path: str, body: bytes, timestamp: int,
         nonce: str | None = None) -> dict[str, str]:
    """The headers that authenticate a request (for clients and tests)."""
    nonce = nonce or secrets.token_urlsafe(18)
    stamp = str(int(timestamp))
    return {KEY_ID: key_id, TIMESTAMP: stamp, NONCE: nonce,
            SIGNATURE: compute_signature(secret, method, path, stamp, nonce, body)}


def verify(headers: Mapping[str, str], *, method: str, path: str, body: bytes, keys: Mapping[str, bytes],
           now: float, max_skew: int = MAX_SKEW_SECONDS) -> Verification:
    """Check a request's signature and freshness (pure; the nonce is checked by `check_nonce`)."""
    return verify_digest(headers, method=method, path=path, body_sha256=hashlib.sha256(body).hexdigest(), keys=keys,
                         now=now, max_skew=max_skew)


def verify_digest(headers: Mapping[str, str], *, method: str, path: str, body_sha256: str,
                  keys: Mapping[str, bytes], now: float, max_skew: int = MAX_SKEW_SECONDS) -> Verification:
    """`verify` for a body too large to hold: the caller hashed it while streaming it to disk."""
    found = {name.lower(): value for name, value in headers.items()}
    key_id, stamp, nonce, signature = (found.get(h.lower()) for h in (KEY_ID, TIMESTAMP, NONCE, SIGNATURE))
    if not all((key_id, stamp, nonce, signature)):
        return Verification(False, "missing_headers")
    if not stamp.isdigit() or len(stamp) > 12:
        return Verification(False, "malformed_timestamp", key_id)
    if not _NONCE.match(nonce):
        return Verification(False, "malformed_nonce", key_id)
    if not _HEX64.match(signature):
        return Verification(False, "malformed_signature", key_id)
    secret = keys.get(key_id)
    if secret is None:
        return Verification(False, "unknown_key", key_id)
    if abs(now - int(stamp)) > max_skew:
        return Verification(False, "stale", key_id, int(stamp), nonce)
    expected = compute_signature(secret, method, path, stamp, nonce, body_sha256=body_sha256)
    if not hmac.compare_digest(expected, signature.lower()):
        return Verification(False, "bad_signature", key_id, int(stamp), nonce)
    return Verification(True, None, key_id, int(stamp), nonce)


def check_nonce(verification: Verification, store: NonceStore, *, max_skew: int = MAX_SKEW_SECONDS) -> Verification:
    """A verified request whose nonce was already used under its key becomes `nonce_reused`."""
    if not verification.ok:
        return verification
    if store.remember(verification.key_id, verification.nonce, expires_at=verification.timestamp + max_skew):
        return verification
    return verification._replace(ok=False, reason="nonce_reused")


class InMemoryNonceStore:
    """A `NonceStore` for tests and single-process use (expired nonces are pruned on use)."""

    def __init__(self, clock=None):
        self._seen: dict[tuple[str, str], int] = {}
        self._clock = clock

    def remember(self, key_id: str, nonce: str, *, expires_at: int) -> bool:
        if self._clock is not None:
            now = self._clock()
            self._seen = {k: exp for k, exp in self._seen.items() if exp >= now}
        if (key_id, nonce) in self._seen:
            return False
        self._seen[(key_id, nonce)] = expires_at
        return True
