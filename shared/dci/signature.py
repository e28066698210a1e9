"""DCI message signatures: an Ed25519 `Signature` header over `(created)`, `(expires)` and the
body's BLAKE2b-512 digest, in the HTTP-signature form DCI adopted from Beckn:

    Signature: keyId="<sender_id>|<kid>|ed25519",algorithm="ed25519",created="<unix>",
               expires="<unix>",headers="(created) (expires) digest",signature="<base64>"

Senders' public keys are configured as a JWKS per sender (`{"<sender_id>": {"keys": [{"kty":
"OKP", "crv": "Ed25519", "kid": ..., "x": ...}]}}`). Keys come from `cryptography`.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEADERS = "(created) (expires) digest"
MAX_LIFETIME = 600  # seconds a signature may be valid at most
PARAM = re.compile(r'(\w+)="([^"]*)"')
MISSING, INVALID = "err.signature.missing", "err.signature.invalid"


class SignatureRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def digest(body: bytes) -> str:
    return "BLAKE-512=" + base64.b64encode(hashlib.blake2b(body, digest_size=64).digest()).decode()


def signing_string(created: int, expires: int, body: bytes) -> bytes:
    return f"(created): {created}\n(expires): {expires}\ndigest: {digest(body)}".encode()


def load_private_key(text: str) -> Ed25519PrivateKey:
    """PEM (PKCS#8) or the 32 raw bytes in base64/base64url."""
    if "BEGIN" in text:
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
        return key
    return Ed25519PrivateKey.from_private_bytes(_unb64url(text.strip().replace("+", "-").replace("/", "_")))


def public_jwk(key: Ed25519PrivateKey, kid: str) -> dict:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "kid": kid, "alg": "EdDSA", "use": "sig", "x": _b64url(raw)}


def sign(key: Ed25519PrivateKey, *, sender_id: str, kid: str, body: bytes, lifetime: int = 300,
         now: float | None = None) -> str:
    created = int(now if now is not None else time.time())
    expires = created + lifetime
    signature = base64.b64encode(key.sign(signing_string(created, expires, body))).decode()
    return (f'keyId="{sender_id}|{kid}|ed25519",algorithm="ed25519",created="{created}",expires="{expires}",'
            f'headers="{HEADERS}",signature="{signature}"')


@dataclass(frozen=True)
class Verified:
    sender_id: str
    kid: str
    created: int
    expires: int


def public_key_of(jwk: dict) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_unb64url(jwk["x"]))


class KeyRing:
    """Senders' public keys: sender_id -> kid -> key."""

    def __init__(self, keys: dict[str, dict[str, Ed25519PublicKey]]):
        self.keys = keys

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        keys: dict[str, dict[str, Ed25519PublicKey]] = {}
        for sender, jwks in (json.loads(text) if text.strip() else {}).items():
            for jwk in jwks.get("keys", []):
                if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
                    keys.setdefault(sender, {})[jwk["kid"]] = public_key_of(jwk)
        return cls(keys)

    def verify(self, header: str | None, body: bytes, *, skew: int = 60, now: float | None = None) -> Verified:
        if not header:
            raise SignatureRefused(MISSING, "Signature header missing / header Signature tidak ada")
        params = dict(PARAM.findall(header))
        try:
            sender, kid, algorithm = params["keyId"].split("|")
            created, expires = int(params["created"]), int(params["expires"])
            signature = base64.b64decode(params["signature"], validate=True)
        except (KeyError, ValueError):
            raise SignatureRefused(INVALID, "Signature header malformed / header Signature rusak") from None
        key = self.keys.get(sender, {}).get(kid)
        if key is None or algorithm != "ed25519" or params.get("headers", HEADERS) != HEADERS:
            raise SignatureRefused(INVALID, "unknown signing key / kunci penanda tangan tidak dikenal")
        moment = now if now is not None else time.time()
        if expires < moment - skew or created > moment + skew or expires - created > MAX_LIFETIME or expires < created:
            raise SignatureRefused(INVALID, "signature expired or not yet valid / tanda tangan kedaluwarsa")
        try:
            key.verify(signature, signing_string(created, expires, body))
        except InvalidSignature:
            raise SignatureRefused(INVALID, "signature does not match / tanda tangan tidak cocok") from None
        return Verified(sender, kid, created, expires)
