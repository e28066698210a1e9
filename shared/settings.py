"""Settings common to every service. Each service subclasses with its own env prefix
(`LINDUNG_REGISTRY_`, ...); a few project-wide values are read without the prefix.

Every setting can also come from a file: `<VARIABLE>_FILE=/run/secrets/x` reads the value from
that file (Docker secrets). `check_startup` turns a configuration that would run wrongly into a
startup error with a message an operator can act on: a named file that is missing, a placeholder
or known-weak secret, and in production (`LINDUNG_ENV=production`) a missing secret or an admin
API key."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url


class ConfigurationError(RuntimeError):
    """The service must not start with this configuration; the message says what to fix."""


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", env_file=None)
    # fields holding secrets: checked for placeholders, weak values and (in production) presence
    secret_fields: ClassVar[frozenset[str]] = frozenset({"admin_api_key", "database_password", "pii_keys"})
    # secrets a production deployment of this service cannot run without
    required_in_production: ClassVar[frozenset[str]] = frozenset({"database_password", "clients_file"})

    service_name: str = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    # path prefix the reverse proxy serves this service under (deploy/Caddyfile), for /docs links
    root_path: str = ""
    # worker processes serve /metrics on this port (0: none); the API serves /metrics on its own port
    metrics_port: int = 0
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung"
    kafka_bootstrap: str = "127.0.0.1:9092"
    # Apache Kafka supports idempotent producers; the local tansu broker does not.
    kafka_idempotence: bool = False
    topic_partitions: int = 6
    consumer_group: str | None = None
    relay_batch_size: int = 500
    relay_idle_seconds: float = 2.0  # fallback poll: the outbox NOTIFY wakes the relay (shared/relay.py)
    # how often an idle leader relay reads the broker epoch, so a log lost while nothing is written is refilled
    relay_epoch_check_idle_seconds: float = 30.0
    consumer_max_attempts: int = 3
    # how long the broker may hold a consumer's empty fetch (shared/consumer.py FetchPacing): short while events
    # arrived in the last `consumer_active_seconds` (latency), long when idle (CPU; the first event after an idle
    # spell waits up to it on tansu, which answers a held fetch only at its end)
    consumer_fetch_wait_active_ms: int = 20
    consumer_fetch_wait_idle_ms: int = 5000
    consumer_active_seconds: float = 10.0
    # outages (database or broker) are waited out with exponential backoff capped at this
    backoff_max_seconds: float = 15.0
    # `healthcheck` fails when a worker loop has not beaten for longer than this
    heartbeat_max_age_seconds: float = 60.0
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
    # AES-GCM keyring "kid:base64key,..." and active key id: personal data at rest, sealed uploads
    pii_keys: str = ""
    pii_active_key: str = ""
    # the bulk job runner (shared/jobs) in the worker: a claimed job's lease (renewed by a
    # heartbeat; an expired one is taken over), how often an idle worker looks for jobs without
    # being woken (a queued job NOTIFYs it; the poll finds expired leases), attempts before a job
    # is failed, and days a finished job's upload, row errors and results are kept
    jobs_lease_seconds: float = 60.0
    jobs_poll_seconds: float = 15.0
    jobs_max_attempts: int = 3
    jobs_retention_days: int = 30
    # rate limits (shared/ratelimit.py, "N/second|minute|hour"): failed authentications per address
    # and per key, then 429; expensive endpoints (resolve, bulk uploads, batch, invoices) per client
    # key and per address. In-process counters: with N API replicas a client may get N times these.
    rate_auth_failures: str = "20/minute"
    rate_expensive: str = "60/minute"
    rate_expensive_per_address: str = "120/minute"
    # fault injection for the resume tests: the worker kills itself after N committed job chunks
    fault_kill_after_job_chunks: int = 0

    # project-wide (no service prefix)
    environment: Literal["development", "production"] = Field(
        default="development", validation_alias=AliasChoices("LINDUNG_ENV"))
    admin_api_key: str | None = Field(default=None, validation_alias=AliasChoices("LINDUNG_ADMIN_API_KEY"))
    clients_file: str | None = Field(default=None, validation_alias=AliasChoices("LINDUNG_CLIENTS_FILE"))
    # where workers write their heartbeat file (one per service); the health check reads it there
    heartbeat_dir: str = Field(default="/tmp/lindung-heartbeat", validation_alias=AliasChoices("LINDUNG_HEARTBEAT_DIR"))
    # the PostgreSQL password, kept out of the database URLs (one Docker secret for server and services)
    database_password: str | None = Field(default=None,
                                          validation_alias=AliasChoices("LINDUNG_DATABASE_PASSWORD"))

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return init_settings, env_settings, FileVariablesSource(settings_cls), dotenv_settings

    @model_validator(mode="after")
    def _password_into_url(self) -> ServiceSettings:
        url = make_url(self.database_url)
        if self.database_password and not url.password:
            self.database_url = url.set(password=self.database_password).render_as_string(hide_password=False)
        return self

    @property
    def group_id(self) -> str:
        return self.consumer_group or f"lindung-{self.service_name}"

    @classmethod
    def env_names(cls, field_name: str) -> list[str]:
        """The environment variables a field is read from."""
        info = cls.model_fields[field_name]
        if isinstance(info.validation_alias, AliasChoices):
            return [str(choice) for choice in info.validation_alias.choices]
        return [(cls.model_config.get("env_prefix", "") + field_name).upper()]


class FileVariablesSource(PydanticBaseSettingsSource):
    """`<VARIABLE>_FILE` names a file holding the value (Docker secrets); a named file must exist."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        for name in self.settings_cls.env_names(field_name):
            path = os.environ.get(name + "_FILE")
            if not path:
                continue
            if name in os.environ:
                raise ConfigurationError(f"{name} and {name}_FILE are both set; keep one")
            if not Path(path).is_file():
                raise ConfigurationError(f"{name}_FILE names {path}, which does not exist or is not a file")
            return Path(path).read_text().strip(), name, False
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {}
        for field_name, info in self.settings_cls.model_fields.items():
            value, _name, _complex = self.get_field_value(info, field_name)
            if value is not None:
                values[info.validation_alias.choices[0] if isinstance(info.validation_alias, AliasChoices)
                       else field_name] = value
        return values


# values shipped in examples and documentation, or guessable: never a real secret
KNOWN_WEAK = {"lindung", "postgres", "password", "secret", "changeme", "admin", "test", "example"}
PLACEHOLDER_MARKS = ("REPLACE_", "CHANGE_ME", "CHANGEME", "<")  # none can occur in base64, hex or url-safe keys
MIN_SECRET_CHARS = 32
MIN_PASSWORD_CHARS = 16


def _secret_parts(value: str) -> list[str]:
    """A keyring "kid:secret,kid2:secret2" is as strong as its weakest key."""
    return [item.split(":", 1)[-1].strip() for item in value.split(",") if item.strip()]


def _weakness(field_name: str, value: str) -> str | None:
    if any(mark.lower() in value.lower() for mark in PLACEHOLDER_MARKS):
        return "still holds the placeholder of the example file"
    minimum = MIN_PASSWORD_CHARS if field_name.endswith("password") else MIN_SECRET_CHARS
    for part in _secret_parts(value):
        if part.lower() in KNOWN_WEAK:
            return f"is the known default '{part}'"
        if len(part) < minimum:
            return f"is shorter than {minimum} characters"
    return None


def startup_problems(settings: ServiceSettings) -> list[str]:
    """Everything wrong with a configuration, as sentences naming the variable to fix."""
    problems = []
    production = settings.environment == "production"
    name = type(settings).env_names
    if settings.clients_file and not Path(settings.clients_file).is_file():
        problems.append(f"LINDUNG_CLIENTS_FILE names {settings.clients_file}, which does not exist")
    url_password = make_url(settings.database_url).password
    if production and url_password and url_password.lower() in KNOWN_WEAK:
        problems.append(f"{name('database_url')[0]} carries the known default password '{url_password}'")
    for field_name in sorted(type(settings).required_in_production):
        if production and not getattr(settings, field_name, None):
            variable = name(field_name)[0]
            alternative = "" if variable.endswith("_FILE") else f" (or {variable}_FILE)"
            problems.append(f"{variable}{alternative} must be set in production")
    for field_name in sorted(type(settings).secret_fields):
        value = getattr(settings, field_name, None)
        weakness = _weakness(field_name, str(value)) if value else None
        if weakness and (production or "placeholder" in weakness):
            problems.append(f"{name(field_name)[0]} {weakness}")
    if production and settings.admin_api_key:
        problems.append("LINDUNG_ADMIN_API_KEY must not be set in production: give every system and operator "
                        "a named client with its own scopes in LINDUNG_CLIENTS_FILE")
    return problems


def check_startup(settings: ServiceSettings) -> None:
    problems = startup_problems(settings)
    if problems:
        raise ConfigurationError(
            f"{settings.service_name}: configuration refused / konfigurasi ditolak:\n  - " + "\n  - ".join(problems))
