"""Settings common to every service. Each service subclasses with its own env prefix
(`LINDUNG_REGISTRY_`, ...); a few project-wide values are read without the prefix."""
from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    service_name: str = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung"
    kafka_bootstrap: str = "127.0.0.1:9092"
    # Apache Kafka supports idempotent producers; the local tansu broker does not.
    kafka_idempotence: bool = False
    topic_partitions: int = 6
    consumer_group: str | None = None
    relay_batch_size: int = 500
    relay_idle_seconds: float = 0.05
    consumer_max_attempts: int = 3
    max_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    # OpenID Connect resource server (shared/oidc.py): Bearer tokens are accepted when issuer and
    # JWKS URL are set. A regency with its own identity provider (Keycloak, ...) changes these
    # and, where its claim names differ, `oidc_claims` (JSON: {"roles": "realm_access.roles"}).
    oidc_issuer: str | None = None
    oidc_audience: str = "lindung"
    oidc_jwks_url: str | None = None
    oidc_claims: dict[str, str] = {}
    oidc_jwks_cache_seconds: float = 300
    oidc_jwks_cooldown_seconds: float = 10
    oidc_leeway_seconds: float = 30

    # project-wide (no service prefix)
    admin_api_key: str | None = Field(default=None, validation_alias=AliasChoices("LINDUNG_ADMIN_API_KEY"))
    clients_file: str | None = Field(default=None, validation_alias=AliasChoices("LINDUNG_CLIENTS_FILE"))

    @property
    def group_id(self) -> str:
        return self.consumer_group or f"lindung-{self.service_name}"
