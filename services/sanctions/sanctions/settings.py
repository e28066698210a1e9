from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_SANCTIONS_", extra="ignore")

    secret_fields = ServiceSettings.secret_fields | {"registry_api_key"}

    service_name: str = "sanctions"
    port: int = 8004
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_sanctions"
    # connections kept open for GET /v1/clearance (clearance/reader.py)
    clearance_connections: int = 4
    # who signs licence statuses sent to OSS RBA, per regency (JSON):
    # {"6207": {"name": "...", "nip": "...", "position": "Kepala Dinas ..."}}
    oss_signers: str = ""
    # a case naming an employer this service has not heard of asks the registry (GET /v1/employers/{id})
    # with this service's own key (scope registry:read); unreachable: the case opens unconfirmed
    registry_url: str = "http://127.0.0.1:8001"
    registry_api_key: str = ""
    registry_timeout_seconds: float = 3.0


def get_settings() -> Settings:
    return Settings()
