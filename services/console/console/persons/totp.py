"""TOTP (RFC 6238, pyotp) secrets of persons, sealed at rest with the console's keyring."""
from __future__ import annotations

import pyotp

from shared.pii import FieldCipher
from shared.problems import Problem


class TotpUnavailable(Problem):
    status, slug, title = 503, "totp-unavailable", "One-time codes not configured"


def cipher_of(settings) -> FieldCipher | None:
    return FieldCipher.from_settings(settings.secret_keys, settings.secret_active_key) if settings.secret_keys else None


def seal(cipher: FieldCipher | None, person_id, secret: str) -> str:
    if cipher is None:
        raise TotpUnavailable("LINDUNG_CONSOLE_SECRET_KEYS is not set: TOTP secrets cannot be stored")
    return cipher.encrypt(secret, purpose=f"persons.totp_secret.{person_id}")


def code_ok(cipher: FieldCipher | None, person_id, sealed: str, code: str | None) -> bool:
    if cipher is None or not code:
        return False
    secret = cipher.decrypt(sealed, purpose=f"persons.totp_secret.{person_id}")
    return pyotp.TOTP(secret).verify(code, valid_window=1)
