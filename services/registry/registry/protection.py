"""The registry's personal-data vault: field encryption and the NIK blind index, from settings."""
from __future__ import annotations

from shared.pii import BlindIndex, FieldCipher
from registry.settings import RegistrySettings


class Vault:
    def __init__(self, settings: RegistrySettings):
        self.cipher = FieldCipher.from_settings(settings.pii_keys, settings.pii_active_key)
        self.index = BlindIndex.from_settings(settings.blind_index_key)

    def seal(self, value: str, field: str) -> str:
        return self.cipher.encrypt(value, purpose=f"participants.{field}")

    def open(self, token: str, field: str) -> str:
        return self.cipher.decrypt(token, purpose=f"participants.{field}")

    def nik_index(self, nik: str) -> str:
        return self.index.digest(nik, purpose="nik")
