"""The issuer's signing keys: a JSON key-set file (private JWKs, the first one signs), read from the
environment's path, never kept in the repository. Rotation: put a new key first, keep the old one
after it until the tokens it signed have expired; the JWKS publishes every key's public half."""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ALGORITHM = "RS256"


def new_private_jwk(kid: str | None = None) -> dict:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {**RSAAlgorithm.to_jwk(key, as_dict=True), "kid": kid or secrets.token_hex(8), "alg": ALGORITHM,
            "use": "sig"}


def write_key_file(path: Path, jwks: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"keys": jwks}, fh)


def ensure_key_file(path: Path) -> None:
    """A local installation's first start creates its key file (var/, mode 600)."""
    if not path.exists():
        write_key_file(path, [new_private_jwk()])


@dataclass(frozen=True)
class KeySet:
    private: list[dict]

    @classmethod
    def load(cls, path: str | Path) -> KeySet:
        keys = json.loads(Path(path).read_text())["keys"]
        if not keys:
            raise ValueError(f"{path}: no signing key")
        return cls(keys)

    @property
    def active_kid(self) -> str:
        return self.private[0]["kid"]

    def public_jwks(self) -> dict:
        out = []
        for entry in self.private:
            public = jwt.PyJWK(entry).key.public_key()
            out.append({**RSAAlgorithm.to_jwk(public, as_dict=True), "kid": entry["kid"], "alg": ALGORITHM,
                        "use": "sig"})
        return {"keys": out}

    def sign(self, claims: dict, *, kid: str | None = None, typ: str = "at+jwt") -> str:
        """A JWT signed by the active (or named) key; access tokens carry RFC 9068's `typ: at+jwt`."""
        entry = next(k for k in self.private if k["kid"] == (kid or self.active_kid))
        return jwt.encode(claims, jwt.PyJWK(entry).key, algorithm=ALGORITHM,
                          headers={"kid": entry["kid"], "typ": typ})
