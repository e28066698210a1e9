"""docker-compose.yml cannot run here (no Docker engine); it must at least parse and name only
services, ports and settings that exist in the code."""
from __future__ import annotations

import importlib
from pathlib import Path

import yaml

from shared.devstack.services import SERVICES
from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[3]
PROJECT_WIDE = {"LINDUNG_ADMIN_API_KEY", "LINDUNG_CLIENTS_FILE"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def settings_class(package: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{package}.settings")
    return next(v for v in vars(module).values()
                if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings)


def test_every_service_has_an_api_and_a_worker_with_its_contract_port():
    services = compose()["services"]
    for svc in SERVICES:
        api, worker = services[f"{svc.name}-api"], services[f"{svc.name}-worker"]
        assert api["command"] == ["python", "-m", svc.package, "api"]
        assert worker["command"] == ["python", "-m", svc.package, "worker"]
        assert api["ports"] == [f"{svc.port}:{svc.port}"]
        assert str(svc.port) in " ".join(api["healthcheck"]["test"])
        importlib.import_module(f"{svc.package}.__main__".replace(".__main__", ".main"))
    assert {"postgres", "kafka"} <= set(services)
    assert services["kafka"]["image"].startswith("apache/kafka")


def test_every_environment_variable_is_a_real_setting():
    services = compose()["services"]
    example = (ROOT / "deploy" / "lindung.env.example").read_text().splitlines()
    example_vars = {line.split("=", 1)[0] for line in example if "=" in line and not line.startswith("#")}
    for svc in SERVICES:
        fields = set(settings_class(svc.package).model_fields)
        for role in ("api", "worker"):
            for name in services[f"{svc.name}-{role}"]["environment"]:
                assert name.startswith(svc.env_prefix), name
                assert name.removeprefix(svc.env_prefix).lower() in fields, f"{name} is not a setting of {svc.name}"
    for name in example_vars - PROJECT_WIDE - {"POSTGRES_PASSWORD"}:
        svc = next(s for s in SERVICES if name.startswith(s.env_prefix))
        assert name.removeprefix(svc.env_prefix).lower() in settings_class(svc.package).model_fields, name


def test_database_init_creates_each_service_database():
    script = (ROOT / "deploy" / "postgres-init.sql").read_text()
    for svc in SERVICES:
        assert f"CREATE DATABASE {svc.database};" in script
        url = compose()["services"][f"{svc.name}-api"]["environment"][svc.env_prefix + "DATABASE_URL"]
        assert url.endswith("/" + svc.database)
