"""The registry's personal-data vault: field encryption and the NIK blind index, from settings.

Every ciphertext is bound to its table and column (the AES-GCM associated data names them), so
a value copied into another column fails to decrypt."""
from __future__ import annotations

import base64

from registry.settings import RegistrySettings
from shared.pii import BlindIndex, FieldCipher


class Vault:
    def __init__(self, settings: RegistrySettings):
        self.cipher = FieldCipher.from_settings(settings.pii_keys, settings.pii_active_key)
        self.index = BlindIndex.from_settings(settings.blind_index_key)

    def seal(self, value: str, field: str, *, table: str = "participants") -> str:
        return self.cipher.encrypt(value, purpose=f"{table}.{field}")

    def open(self, token: str, field: str, *, table: str = "participants") -> str:
        return self.cipher.decrypt(token, purpose=f"{table}.{field}")

    def nik_index(self, nik: str) -> str:
        return self.index.digest(nik, purpose="nik")

    def nik_indexes(self, niks: list[str]) -> list[str]:
        """`nik_index` of many NIKs at once (bulk uploads)."""
        return self.index.digests(niks, purpose="nik")

    def seal_blob(self, data: bytes, purpose: str) -> str:
        """Raw bytes (a piece of an uploaded file) sealed like a field."""
        return self.cipher.encrypt(base64.b64encode(data).decode("ascii"), purpose=purpose)

    def open_blob(self, token: str, purpose: str) -> bytes:
        return base64.b64decode(self.cipher.decrypt(token, purpose=purpose))
