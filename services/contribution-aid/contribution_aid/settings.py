from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_CONTRIBUTION_AID_", extra="ignore")

    secret_fields = ServiceSettings.secret_fields | {"registry_api_key"}
    required_in_production = ServiceSettings.required_in_production | {
        "registry_api_key", "pii_keys", "pii_active_key"}

    service_name: str = "contribution-aid"
    port: int = 8003
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_contribution_aid"
    # the registry resolves invoices billed per NIK into participant ids (this service holds no NIK)
    registry_url: str = "http://127.0.0.1:8001"
    registry_api_key: str = ""
    # IBR (docs/API.md, DCI): before allocating, ask the registry's DCI peers whether the person is
    # already funded elsewhere and record the answer with the allocation; an answer later than this is "unknown"
    ibr_check_enabled: bool = False
    ibr_timeout_seconds: float = 3.0


def get_settings() -> Settings:
    return Settings()
