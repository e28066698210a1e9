from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_ELIGIBILITY_", extra="ignore")

    secret_fields = ServiceSettings.secret_fields | {"blind_index_key"}
    required_in_production = ServiceSettings.required_in_production | {
        "blind_index_key", "pii_keys", "pii_active_key"}

    service_name: str = "eligibility"
    port: int = 8002
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_eligibility"
    # HMAC key for the NIK blind index of the evaluation audit ("kid:base64key" or one base64 key).
    # Unset: an ephemeral key per process (a warning is logged; audit rows of different runs of the
    # service cannot then be matched by NIK).
    blind_index_key: str = ""
    # Batch evaluation uploads (CSV / NDJSON): size cap (413 beyond; streamed to disk, then sealed)
    # and rows per evaluation chunk. Lease, polling and attempts: the shared jobs_* settings.
    batch_max_bytes: int = 512 * 1024**2
    batch_chunk_rows: int = 100_000


def get_settings() -> Settings:
    return Settings()
