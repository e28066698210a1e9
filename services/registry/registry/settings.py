from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_REGISTRY_", extra="ignore")

    secret_fields = ServiceSettings.secret_fields | {"pii_keys", "blind_index_key", "bpjs_signing_keys"}
    required_in_production = ServiceSettings.required_in_production | {
        "pii_keys", "pii_active_key", "blind_index_key", "bpjs_signing_keys"}

    service_name: str = "registry"
    port: int = 8001
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_registry"
    # HMAC key for the NIK blind index (separate from the encryption keys)
    blind_index_key: str = ""
    # BPJS data-exchange request signing: "key_id:secret,..."
    bpjs_signing_keys: str = ""
    bpjs_max_clock_skew_seconds: int = 300
    # size cap of the bulk uploads (BPJS membership sync, candidate imports): streamed to disk, 413 beyond
    bulk_max_bytes: int = 512 * 1024 * 1024
    # rows applied per committed transaction (the checkpoint a resume continues from)
    bulk_chunk_rows: int = 10_000


def get_settings() -> RegistrySettings:
    return RegistrySettings()
