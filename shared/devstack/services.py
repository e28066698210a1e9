"""The five services and the console (the local issuer) as processes: names, packages, ports and
their environment."""
from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServiceDef:
    name: str
    package: str
    port: int

    @property
    def env_prefix(self) -> str:
        return "LINDUNG_" + self.name.upper().replace("-", "_") + "_"

    @property
    def database(self) -> str:
        return "lindung_" + self.package


SERVICES = [
    ServiceDef("registry", "registry", 8001),
    ServiceDef("eligibility", "eligibility", 8002),
    ServiceDef("contribution-aid", "contribution_aid", 8003),
    ServiceDef("sanctions", "sanctions", 8004),
    ServiceDef("reporting", "reporting", 8005),
]
# the local OpenID Connect issuer (docs/API.md §14): an API process only (no events, no worker)
CONSOLE = ServiceDef("console", "console", 8000)
ALL_SERVICES = [CONSOLE, *SERVICES]
BY_NAME = {s.name: s for s in ALL_SERVICES}


def oidc_env(issuer: str, jwks_url: str, audience: str = "lindung") -> dict[str, str]:
    """Every API service verifies Bearer tokens of this issuer (shared/oidc.py)."""
    env = {}
    for svc in ALL_SERVICES:
        env[svc.env_prefix + "OIDC_ISSUER"] = issuer
        env[svc.env_prefix + "OIDC_JWKS_URL"] = jwks_url
        env[svc.env_prefix + "OIDC_AUDIENCE"] = audience
    return env


def _new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def new_secrets() -> dict[str, str]:
    return {
        "LINDUNG_REGISTRY_PII_KEYS": f"k1:{_new_key()}",
        "LINDUNG_REGISTRY_PII_ACTIVE_KEY": "k1",
        # sealed bulk uploads (they hold NIKs) of the batch evaluation and the invoice import
        "LINDUNG_ELIGIBILITY_PII_KEYS": f"k1:{_new_key()}",
        "LINDUNG_ELIGIBILITY_PII_ACTIVE_KEY": "k1",
        "LINDUNG_CONTRIBUTION_AID_PII_KEYS": f"k1:{_new_key()}",
        "LINDUNG_CONTRIBUTION_AID_PII_ACTIVE_KEY": "k1",
        "LINDUNG_REGISTRY_BLIND_INDEX_KEY": base64.b64encode(os.urandom(32)).decode(),
        "LINDUNG_REGISTRY_BPJS_SIGNING_KEYS": f"bpjs1:{secrets.token_hex(32)}",
        "LINDUNG_ELIGIBILITY_BLIND_INDEX_KEY": base64.b64encode(os.urandom(32)).decode(),
        "LINDUNG_CONSOLE_SECRET_KEYS": f"k1:{base64.b64encode(os.urandom(32)).decode()}",
        "LINDUNG_ADMIN_API_KEY": "dev-admin-" + secrets.token_hex(12),
    }


def load_or_create_secrets(path: Path) -> dict[str, str]:
    """Secrets of a local installation, kept under var/ so a second start can read its data."""
    if path.exists():
        values = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
        missing = {k: v for k, v in new_secrets().items() if k not in values}
        if missing:  # an installation from before a secret existed gets it added, old ones kept
            values.update(missing)
            path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    else:
        values = new_secrets()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


def service_env(pg_url_for, bootstrap: str, secret_values: dict[str, str], *,
                ports: dict[str, int] | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for every service: one database each on the shared server, one broker."""
    env = dict(secret_values)
    for svc in ALL_SERVICES:
        env[svc.env_prefix + "DATABASE_URL"] = pg_url_for(svc.database)
        env[svc.env_prefix + "KAFKA_BOOTSTRAP"] = bootstrap
        env[svc.env_prefix + "PORT"] = str((ports or {}).get(svc.name, svc.port))
    # contribution-aid resolves invoices billed per NIK at the registry
    aid, registry = BY_NAME["contribution-aid"].env_prefix, BY_NAME["registry"].env_prefix
    env[aid + "REGISTRY_URL"] = f"http://127.0.0.1:{env[registry + 'PORT']}"
    env[aid + "REGISTRY_API_KEY"] = secret_values.get("LINDUNG_ADMIN_API_KEY", "")
    # sanctions asks the registry about an employer a new case names (GET /v1/employers/{id})
    sanctions = BY_NAME["sanctions"].env_prefix
    env[sanctions + "REGISTRY_URL"] = env[aid + "REGISTRY_URL"]
    env[sanctions + "REGISTRY_API_KEY"] = secret_values.get("LINDUNG_ADMIN_API_KEY", "")
    env.update(local_issuer_env(f"http://127.0.0.1:{env[CONSOLE.env_prefix + 'PORT']}"))
    env.update(extra or {})
    return env


def local_issuer_env(issuer: str) -> dict[str, str]:
    """The local run's issuer: the console, with the test-only password grant enabled; every service
    verifies its tokens (a deployment sets these to its own identity provider instead)."""
    return {CONSOLE.env_prefix + "ISSUER": issuer, CONSOLE.env_prefix + "LOCAL_RUN": "true",
            **oidc_env(issuer, f"{issuer}/.well-known/jwks.json")}
