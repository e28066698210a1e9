from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_ELIGIBILITY_", extra="ignore")

    service_name: str = "eligibility"
    port: int = 8002
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_eligibility"


def get_settings() -> Settings:
    return Settings()
