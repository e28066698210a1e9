"""Personal-data protection plumbing: field encryption, blind indexes, display masks.

Personal data (NIK, mother's maiden name, address, coordinates) is stored encrypted
(Lamandau Pasal 27(3): protect it from unauthorised disclosure); exact lookups go through a
keyed blind index, never a plain hash (a NIK has too little entropy: a plain SHA-256 of every
possible NIK is a few hours of work).

Ciphertext format: ``v1.<key id>.<base64url(nonce || ciphertext+tag)>``
  - AES-256-GCM, 12-byte random nonce, 16-byte tag.
  - The associated data is ``v1.<key id>.`` + the caller's *purpose* (e.g.
    ``participants.address``, or ``participants.address:<id>`` to bind it to one record), so a
    ciphertext copied into another column or record, or relabelled with another key id, fails.

Keys come from settings as ``"kid1:base64key,kid2:base64key"`` (32-byte keys; generate one with
``python -c "from shared.pii import generate_key; print(generate_key())"``) plus the id of the
active key. Key ids are letters, digits, ``_`` and ``-`` (no dots: the dot separates fields).

Key rotation (encryption):
  1. Add the new key to the keyring and make it active (``kid2``); keep the old one listed.
     New writes use ``kid2``; old ciphertexts still decrypt with ``kid1``.
  2. Run a re-encryption job: for each row where ``FieldCipher.needs_rotation(token)``,
     write ``FieldCipher.reencrypt(token, purpose=...)`` (idempotent, resumable).
  3. When no ciphertext carries ``kid1`` any more, remove ``kid1`` from the keyring.

Blind index rotation works the same way with ``BlindIndex``: make the new key active,
look up with ``all_digests`` (every known key) while a job recomputes ``digest`` for every row
from the decrypted value, then retire the old key.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class KeyringError(ValueError):
    """The keyring setting is malformed (the message never contains key material)."""


class DecryptionError(ValueError):
    """A ciphertext is malformed, tampered with, bound to another purpose, or its key is unknown."""


def generate_key() -> str:
    """A fresh random 32-byte key, base64-encoded, for the keyring setting."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def _decode_key(text: str) -> bytes:
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise KeyringError("a key is not valid base64") from None
    if len(raw) != KEY_BYTES:
        raise KeyringError(f"every key must be {KEY_BYTES} bytes")
    return raw


def parse_keyring(text: str, *, default_key_id: str | None = None) -> dict[str, bytes]:
    """Read ``"kid1:base64key,kid2:base64key"``; a bare ``"base64key"`` is accepted when
    `default_key_id` names it (single-key settings)."""
    keys: dict[str, bytes] = {}
    for entry in (part.strip() for part in (text or "").split(",")):
        if not entry:
            continue
        kid, sep, encoded = entry.partition(":")
        if not sep:
            if default_key_id is None:
                raise KeyringError("keyring entries are written kid:base64key")
            kid, encoded = default_key_id, entry
        kid = kid.strip()
        if not _KEY_ID.match(kid):
            raise KeyringError("key ids are 1-32 letters, digits, '_' or '-'")
        if kid in keys:
            raise KeyringError(f"key id {kid!r} is listed twice")
        keys[kid] = _decode_key(encoded)
    if not keys:
        raise KeyringError("the keyring is empty")
    return keys


def _check_active(keys: Mapping[str, bytes], active_key_id: str) -> None:
    if active_key_id not in keys:
        raise KeyringError(f"active key id {active_key_id!r} is not in the keyring")
    for kid, key in keys.items():
        if not _KEY_ID.match(kid) or len(key) != KEY_BYTES:
            raise KeyringError(f"key {kid!r} must have a plain id and be {KEY_BYTES} bytes")


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class FieldCipher:
    """AES-256-GCM for single columns, with a keyring so keys can rotate."""

    def __init__(self, keys: Mapping[str, bytes], active_key_id: str):
        _check_active(keys, active_key_id)
        self._aead = {kid: AESGCM(key) for kid, key in keys.items()}
        self.active_key_id = active_key_id

    @classmethod
    def from_settings(cls, keyring: str, active_key_id: str) -> FieldCipher:
        return cls(parse_keyring(keyring), active_key_id)

    @staticmethod
    def _associated_data(key_id: str, purpose: str) -> bytes:
        return f"{FORMAT_VERSION}.{key_id}.{purpose}".encode()

    def encrypt(self, plaintext: str, *, purpose: str) -> str:
        kid = self.active_key_id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead[kid].encrypt(nonce, plaintext.encode("utf-8"), self._associated_data(kid, purpose))
        return f"{FORMAT_VERSION}.{kid}.{_b64e(nonce + sealed)}"

    def decrypt(self, token: str, *, purpose: str) -> str:
        kid, blob = self._split(token)
        aead = self._aead.get(kid)
        if aead is None:
            raise DecryptionError(f"unknown key id {kid!r}")
        try:
            plain = aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], self._associated_data(kid, purpose))
        except InvalidTag:
            raise DecryptionError("ciphertext failed authentication (tampered, wrong key or wrong purpose)") from None
        return plain.decode("utf-8")

    def seal_bytes(self, data: bytes, *, purpose: str) -> bytes:
        """Raw bytes (a piece of an upload) sealed as `key id length, key id, nonce, ciphertext`."""
        kid = self.active_key_id.encode("ascii")
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead[self.active_key_id].encrypt(nonce, data, self._associated_data(self.active_key_id, purpose))
        return bytes([len(kid)]) + kid + nonce + sealed

    def open_bytes(self, blob: bytes, *, purpose: str) -> bytes:
        kid = blob[1:1 + blob[0]].decode("ascii")
        aead, rest = self._aead.get(kid), blob[1 + blob[0]:]
        if aead is None:
            raise DecryptionError(f"unknown key id {kid!r}")
        try:
            return aead.decrypt(rest[:NONCE_BYTES], rest[NONCE_BYTES:], self._associated_data(kid, purpose))
        except InvalidTag:
            raise DecryptionError("ciphertext failed authentication (tampered, wrong key or wrong purpose)") from None

    def key_id_of(self, token: str) -> str:
        return self._split(token)[0]

    def needs_rotation(self, token: str) -> bool:
        return self.key_id_of(token) != self.active_key_id

    def reencrypt(self, token: str, *, purpose: str) -> str:
        """The same plaintext under the active key (unchanged when already active)."""
        if not self.needs_rotation(token):
            return token
        return self.encrypt(self.decrypt(token, purpose=purpose), purpose=purpose)

    @staticmethod
    def _split(token: str) -> tuple[str, bytes]:
        parts = token.split(".") if isinstance(token, str) else []
        if len(parts) != 3 or parts[0] != FORMAT_VERSION or not _KEY_ID.match(parts[1]):
            raise DecryptionError("not a v1 field ciphertext")
        try:
            blob = _b64d(parts[2])
        except (binascii.Error, ValueError):
            raise DecryptionError("ciphertext is not valid base64") from None
        if len(blob) < NONCE_BYTES + 16:
            raise DecryptionError("ciphertext is too short")
        return parts[1], blob


def normalise_identifier(value: str) -> str:
    """Canonical form for exact lookup: Unicode NFKC, case-folded, without whitespace and the
    separators people type inside numbers (``.``, ``-``, ``/``)."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[\s.\-/]+", "", text)


def _hmac_pads(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """SHA-256 states after HMAC's inner and outer key pads (RFC 2104, block size 64)."""
    key = hashlib.sha256(key).digest() if len(key) > 64 else key.ljust(64, b"\0")
    return (hashlib.sha256(bytes(b ^ 0x36 for b in key)), hashlib.sha256(bytes(b ^ 0x5C for b in key)))


class BlindIndex:
    """Keyed HMAC-SHA256 of a normalised value, for exact lookups of encrypted columns.

    A digest is ``<key id>.<hex>`` (hex truncated to `hex_length` characters, 128 bits by
    default), so digests made with different keys never collide and rotation can search
    every known key. The purpose (e.g. ``nik``) separates indexes of different columns."""

    def __init__(self, keys: Mapping[str, bytes], active_key_id: str, *, hex_length: int = 32,
                 normalise: Callable[[str], str] = normalise_identifier):
        _check_active(keys, active_key_id)
        if not 16 <= hex_length <= 64:
            raise ValueError("hex_length must be between 16 and 64")
        self._keys = dict(keys)
        self.active_key_id = active_key_id
        self.hex_length = hex_length
        self._normalise = normalise

    @classmethod
    def from_settings(cls, keyring: str, active_key_id: str | None = None, **options) -> BlindIndex:
        """``"kid:base64key,..."`` with an active id, or one bare base64 key (id ``k1``)."""
        keys = parse_keyring(keyring, default_key_id=active_key_id or "k1")
        return cls(keys, active_key_id or next(iter(keys)), **options)

    def digest(self, value: str, *, purpose: str, key_id: str | None = None) -> str:
        kid = key_id or self.active_key_id
        key = self._keys.get(kid)
        if key is None:
            raise KeyError(f"unknown blind-index key id {kid!r}")
        message = f"{purpose}\x00{self._normalise(value)}".encode()
        mac = hmac.new(key, message, hashlib.sha256).hexdigest()[: self.hex_length]
        return f"{kid}.{mac}"

    def digests(self, values: Iterable[str], *, purpose: str) -> list[str]:
        """`digest` of many values with the active key, in one tight loop (bulk uploads): the
        same HMAC-SHA256 (RFC 2104) with the key's inner and outer pads hashed once, not once
        per value. A value of ASCII digits is its own normal form, so it skips the normalising."""
        kid, length, normalise = self.active_key_id, self.hex_length, self._normalise
        inner, outer = _hmac_pads(self._keys[kid])
        prefix = f"{purpose}\x00"
        found = []
        for value in values:
            message = inner.copy()
            message.update((prefix + (value if value.isdigit() and value.isascii() else normalise(value))).encode())
            mac = outer.copy()
            mac.update(message.digest())
            found.append(f"{kid}.{mac.hexdigest()[:length]}")
        return found

    def all_digests(self, value: str, *, purpose: str) -> list[str]:
        """The digest under every known key, active first: look up with ``IN (...)`` while a
        rotation is under way."""
        order = [self.active_key_id] + [k for k in self._keys if k != self.active_key_id]
        return [self.digest(value, purpose=purpose, key_id=kid) for kid in order]


def mask_name(name: str) -> str:
    """First letter of each word, the rest starred: ``Siti Aminah`` -> ``S*** A*****``."""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in name.split())


def mask_address(address: str) -> str:
    """Keep the first word (``Jl.``, ``Dusun``, ``RT``) and the punctuation; star every other
    letter and digit, so the shape stays readable but no place can be found."""
    first, sep, rest = address.strip().partition(" ")
    return first + sep + re.sub(r"\w", "*", rest)


def coarse_coordinates(latitude: float, longitude: float, *, decimals: int = 1) -> tuple[float, float]:
    """Coordinates rounded to about 11 km (one decimal), for maps that must not locate a home."""
    return round(latitude, decimals), round(longitude, decimals)
