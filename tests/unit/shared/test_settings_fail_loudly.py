"""Configuration that fails loudly: secrets from files (`*_FILE`), and a named file that is
missing, a placeholder or weak secret, or an admin key in production stop the start."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contribution_aid.settings import Settings as AidSettings
from eligibility.settings import Settings as EligibilitySettings
from registry.settings import RegistrySettings
from shared.ops.settings import OpsSettings
from shared.settings import ConfigurationError, check_startup, startup_problems

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    import os
    for name in list(os.environ):
        if name.startswith("LINDUNG_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def secrets_dir(tmp_path_factory) -> Path:
    """The secrets of a new server, made as docs/OPERATIONS.md says (day one, step 4)."""
    folder = tmp_path_factory.mktemp("server") / "secrets"
    made = subprocess.run([sys.executable, "-m", "shared.ops.secrets", "init", str(folder), "--site",
                           "lindung.example.go.id"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "IT officer's API key" in made.stdout
    return folder


def production_env(monkeypatch, secrets_dir: Path) -> None:
    """What docker-compose.yml gives the registry, with the files `secrets init` writes."""
    monkeypatch.setenv("LINDUNG_ENV", "production")
    monkeypatch.setenv("LINDUNG_CLIENTS_FILE", str(secrets_dir / "clients.yaml"))
    monkeypatch.setenv("LINDUNG_DATABASE_PASSWORD_FILE", str(secrets_dir / "postgres_password"))
    monkeypatch.setenv("LINDUNG_REGISTRY_DATABASE_URL", "postgresql+psycopg://lindung@postgres:5432/lindung_registry")
    monkeypatch.setenv("LINDUNG_REGISTRY_PII_KEYS_FILE", str(secrets_dir / "registry_pii_keys"))
    monkeypatch.setenv("LINDUNG_REGISTRY_PII_ACTIVE_KEY", "k1")
    monkeypatch.setenv("LINDUNG_REGISTRY_BLIND_INDEX_KEY_FILE", str(secrets_dir / "registry_blind_index_key"))
    monkeypatch.setenv("LINDUNG_REGISTRY_BPJS_SIGNING_KEYS_FILE", str(secrets_dir / "bpjs_signing_keys"))


def test_secret_files_fill_settings_and_the_password_reaches_the_database_url(monkeypatch, secrets_dir):
    production_env(monkeypatch, secrets_dir)
    settings = RegistrySettings()
    password = (secrets_dir / "postgres_password").read_text().strip()
    assert settings.pii_keys == (secrets_dir / "registry_pii_keys").read_text().strip()
    assert settings.database_url == f"postgresql+psycopg://lindung:{password}@postgres:5432/lindung_registry"
    check_startup(settings)  # a server set up as docs/OPERATIONS.md says starts


def test_every_production_service_starts_with_the_generated_secrets(monkeypatch, secrets_dir):
    production_env(monkeypatch, secrets_dir)
    monkeypatch.setenv("LINDUNG_ELIGIBILITY_BLIND_INDEX_KEY_FILE", str(secrets_dir / "eligibility_blind_index_key"))
    monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_REGISTRY_API_KEY_FILE", str(secrets_dir / "aid_registry_api_key"))
    monkeypatch.setenv("LINDUNG_OPS_BACKUP_KEYS_FILE", str(secrets_dir / "backup_keys"))
    monkeypatch.setenv("LINDUNG_ELIGIBILITY_PII_KEYS_FILE", str(secrets_dir / "eligibility_pii_keys"))
    monkeypatch.setenv("LINDUNG_ELIGIBILITY_PII_ACTIVE_KEY", "k1")
    monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_PII_KEYS_FILE", str(secrets_dir / "aid_pii_keys"))
    monkeypatch.setenv("LINDUNG_CONTRIBUTION_AID_PII_ACTIVE_KEY", "k1")
    for cls in (EligibilitySettings, AidSettings, OpsSettings):
        check_startup(cls())


def test_a_named_secret_file_that_is_missing_is_a_startup_error(monkeypatch, tmp_path):
    monkeypatch.setenv("LINDUNG_REGISTRY_PII_KEYS_FILE", str(tmp_path / "nowhere"))
    with pytest.raises(ConfigurationError, match="LINDUNG_REGISTRY_PII_KEYS_FILE names .*nowhere"):
        RegistrySettings()


def test_a_value_and_its_file_together_are_refused(monkeypatch, secrets_dir):
    monkeypatch.setenv("LINDUNG_ADMIN_API_KEY", "x" * 40)
    monkeypatch.setenv("LINDUNG_ADMIN_API_KEY_FILE", str(secrets_dir / "postgres_password"))
    with pytest.raises(ConfigurationError, match="both set"):
        RegistrySettings()


def test_a_missing_clients_file_is_an_error_even_in_development(monkeypatch, tmp_path):
    monkeypatch.setenv("LINDUNG_CLIENTS_FILE", str(tmp_path / "clients.yaml"))
    assert startup_problems(RegistrySettings()) == [
        f"LINDUNG_CLIENTS_FILE names {tmp_path / 'clients.yaml'}, which does not exist"]


def test_the_example_files_placeholder_is_refused_even_in_development(monkeypatch):
    monkeypatch.setenv("LINDUNG_REGISTRY_PII_KEYS", "k1:REPLACE_WITH_BASE64_32_BYTES")
    assert startup_problems(RegistrySettings()) == [
        "LINDUNG_REGISTRY_PII_KEYS still holds the placeholder of the example file"]


@pytest.mark.parametrize("variable, value, message", [
    ("LINDUNG_ADMIN_API_KEY", "a" * 64, "LINDUNG_ADMIN_API_KEY must not be set in production"),
    ("LINDUNG_REGISTRY_BLIND_INDEX_KEY", "short", "LINDUNG_REGISTRY_BLIND_INDEX_KEY is shorter than 32"),
    ("LINDUNG_REGISTRY_BPJS_SIGNING_KEYS", "bpjs1:secret", "is the known default 'secret'"),
    ("LINDUNG_REGISTRY_DATABASE_URL", "postgresql+psycopg://lindung:lindung@postgres/lindung_registry",
     "carries the known default password 'lindung'"),
])
def test_production_refuses_weak_secrets_and_the_admin_key(monkeypatch, secrets_dir, variable, value, message):
    production_env(monkeypatch, secrets_dir)
    monkeypatch.delenv(variable + "_FILE", raising=False)
    if variable.endswith("DATABASE_URL"):
        monkeypatch.delenv("LINDUNG_DATABASE_PASSWORD_FILE")
    monkeypatch.setenv(variable, value)
    problems = startup_problems(RegistrySettings())
    assert any(message in problem for problem in problems), problems


def test_production_requires_every_secret(monkeypatch):
    monkeypatch.setenv("LINDUNG_ENV", "production")
    problems = startup_problems(RegistrySettings())
    for variable in ("LINDUNG_CLIENTS_FILE", "LINDUNG_DATABASE_PASSWORD", "LINDUNG_REGISTRY_PII_KEYS",
                     "LINDUNG_REGISTRY_BLIND_INDEX_KEY", "LINDUNG_REGISTRY_BPJS_SIGNING_KEYS"):
        assert any(problem.startswith(variable) for problem in problems), (variable, problems)


def test_a_service_refuses_to_start_and_says_why(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "LINDUNG_CLIENTS_FILE": str(tmp_path / "missing.yaml")}
    result = subprocess.run([sys.executable, "-m", "sanctions", "migrate"], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert "configuration refused" in result.stderr and "missing.yaml, which does not exist" in result.stderr
