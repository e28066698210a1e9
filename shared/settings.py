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
    # outages (database or broker) are waited out with exponential backoff capped at this
    backoff_max_seconds: float = 15.0
    # `healthcheck` fails when a worker loop has not beaten for longer than this
    heartbeat_max_age_seconds: float = 60.0
    max_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    # AES-GCM keyring "kid:base64key,..." and active key id: personal data at rest, sealed uploads
    pii_keys: str = ""
    pii_active_key: str = ""
    # the bulk job runner (shared/jobs) in the worker: a claimed job's lease (renewed by a
    # heartbeat; an expired one is taken over), how often an idle worker looks for jobs, attempts
    # before a job is failed, and days a finished job's upload, row errors and results are kept
    jobs_lease_seconds: float = 60.0
    jobs_poll_seconds: float = 1.0
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
    admin_api_key: str | None = Field(default=None, validation_alias=AliasChoices("LINDUNG_ADMIN_API_KEY"))
    clients_file: str | None = Field(default=None, validation_alias=AliasChoices("LINDUNG_CLIENTS_FILE"))
    # where workers write their heartbeat file (one per service); the health check reads it there
    heartbeat_dir: str = Field(default="/tmp/lindung-heartbeat", validation_alias=AliasChoices("LINDUNG_HEARTBEAT_DIR"))

    @property
    def group_id(self) -> str:
        return self.consumer_group or f"lindung-{self.service_name}"
