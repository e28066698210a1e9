from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_SANCTIONS_", extra="ignore")

    service_name: str = "sanctions"
    port: int = 8004
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_sanctions"
    # connections kept open for GET /v1/clearance (clearance/reader.py)
    clearance_connections: int = 4
    # who signs licence statuses sent to OSS RBA, per regency (JSON):
    # {"6207": {"name": "...", "nip": "...", "position": "Kepala Dinas ..."}}
    oss_signers: str = ""


def get_settings() -> Settings:
    return Settings()
