from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_REPORTING_", extra="ignore")

    service_name: str = "reporting"
    port: int = 8005
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_reporting"


def get_settings() -> ReportingSettings:
    return ReportingSettings()
