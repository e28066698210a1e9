"""Backups and restore as docs/OPERATIONS.md describes them: `python -m shared.ops.backup create`
writes every service database encrypted; `restore` brings it into a fresh PostgreSQL server; the
services start on it (migrations find nothing to do) and `replay` republishes the outbox into a
fresh broker."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from registry.main import SPEC as REGISTRY
from shared.app import create_app
from shared.devstack import EmbeddedPostgres, TansuBroker, free_port
from shared.devstack.services import SERVICES, service_env
from shared.ops.backup import backups, new_key, prune
from shared.ops.settings import OpsSettings
from tests.conftest import LOG_DIR
from tests.factories import participant_body
from tests.integration.conftest import ADMIN_KEY, eventually

ROOT = Path(__file__).resolve().parents[3]


def ops(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shared.ops.backup", *args], env={**os.environ, **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=240)


def service(env: dict, package: str, command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", package, command], env={**os.environ, **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=240)


async def test_backup_restores_into_a_fresh_server_and_the_services_start_on_it(clean, api, workers, tmp_path):
    registry = await api("registry")
    created = await registry.post("/v1/participants", json=participant_body("6101", serial=901))
    assert created.status_code == 201, created.text
    participant_id = created.json()["id"]
    await workers("registry")
    await eventually(lambda: clean.sql("registry", "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0] == 0)
    backup_env = {"LINDUNG_OPS_BACKUP_DIR": str(tmp_path / "backups"), "LINDUNG_OPS_BACKUP_KEYS": new_key()}

    made = ops({**clean.env, **backup_env}, "create")
    assert made.returncode == 0, made.stderr
    [backup] = backups(tmp_path / "backups")
    for svc in SERVICES:
        encrypted = (backup / f"{svc.database}.dump.enc").read_bytes()
        assert encrypted.startswith(b"LINDUNG-BACKUP") and b"outbox" not in encrypted
    outbox_rows = clean.sql("registry", "SELECT count(*) FROM outbox")[0][0]
    version = clean.sql("registry", "SELECT version_num FROM alembic_version")

    fresh = EmbeddedPostgres(tmp_path / "fresh-pg", free_port(), durable=False)
    broker = TansuBroker(free_port(), LOG_DIR / "restore-broker.log")
    fresh.start()
    broker.start()
    try:
        env = {**clean.env, **service_env(fresh.url, broker.bootstrap, {}), **backup_env}
        restored = ops(env, "restore", backup.name)
        assert restored.returncode == 0, restored.stderr
        for svc in SERVICES:
            migrated = service(env, svc.package, "migrate")
            assert migrated.returncode == 0, migrated.stderr
        url = env["LINDUNG_REGISTRY_DATABASE_URL"]
        settings = REGISTRY.settings_factory().model_copy(
            update={"database_url": url, "kafka_bootstrap": broker.bootstrap})
        app = create_app(REGISTRY, settings)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry",
                                         headers={"X-API-Key": ADMIN_KEY}) as client:
                answer = await client.get(f"/v1/participants/{participant_id}")
        assert answer.status_code == 200, answer.text
        import psycopg

        from shared.db import libpq_url
        with psycopg.connect(libpq_url(url)) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == version
        replayed = service(env, "registry", "replay")
        assert replayed.returncode == 0, replayed.stderr
        assert outbox_rows > 0 and f"{outbox_rows} events republished" in replayed.stderr
    finally:
        broker.stop()
        fresh.stop()


def test_a_wrong_key_or_a_changed_file_is_refused(clean, tmp_path):
    env = {**clean.env, "LINDUNG_OPS_BACKUP_DIR": str(tmp_path), "LINDUNG_OPS_BACKUP_KEYS": new_key()}
    assert ops(env, "create").returncode == 0
    [backup] = backups(tmp_path)
    other = ops({**env, "LINDUNG_OPS_BACKUP_KEYS": new_key("b2")}, "restore", str(backup))
    assert other.returncode == 1 and "key 'b1'" in other.stderr
    dump = backup / "lindung_sanctions.dump.enc"
    dump.chmod(0o644)
    dump.write_bytes(dump.read_bytes()[:-10])
    changed = ops(env, "restore", str(backup), "--service", "sanctions")
    assert changed.returncode == 1 and "checksum" in changed.stderr


def test_retention_keeps_the_newest_days_and_the_first_of_each_month(tmp_path):
    for stamp in ["20260105T013000Z", "20260106T013000Z", "20260201T013000Z", "20260202T013000Z",
                  "20260301T013000Z", "20260302T013000Z", "20260303T013000Z"]:
        (tmp_path / stamp).mkdir()
        (tmp_path / stamp / "manifest.json").write_text("{}")
    (tmp_path / "20260304T013000Z.partial").mkdir()
    settings = OpsSettings(backup_dir=str(tmp_path), backup_keep_daily=2, backup_keep_monthly=2)
    prune(settings)
    assert [p.name for p in backups(tmp_path)] == ["20260201T013000Z", "20260301T013000Z", "20260302T013000Z",
                                                   "20260303T013000Z"]
