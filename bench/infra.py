"""Benchmark infrastructure: a private PostgreSQL and tansu broker on free loopback ports, the
services' databases migrated, and service processes started like `make run` starts them."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil

from shared.db import migrate
from shared.devstack import EmbeddedPostgres, TansuBroker, free_port
from shared.devstack.services import ALL_SERVICES, BY_NAME, new_secrets, service_env

ROOT = Path(__file__).resolve().parents[1]
ADMIN_KEY = "bench-admin-key"
# LINDUNG_BENCH_FLAMEGRAPHS=1: every service process runs under `py-spy record` (pip install py-spy) and
# leaves bench/flamegraphs/<service>-<role>-<pid>.svg when it stops (gitignored; summary in docs/SCALE.md)
FLAMEGRAPHS = ROOT / "bench" / "flamegraphs"
# LINDUNG_BENCH_CODE_ROOT=<another checkout>: the service processes run that tree's code (`python -m` puts the
# working directory first on sys.path), so before/after are measured alternately by the same harness
CODE_ROOT = Path(os.environ.get("LINDUNG_BENCH_CODE_ROOT") or ROOT)


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentiles(values: list[float], points=(50, 95, 99)) -> dict[str, float]:
    ordered = sorted(values)
    out = {f"p{p}": ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] for p in points}
    out["max"] = ordered[-1]
    return out


class BenchStack:
    def __init__(self, base: Path):
        self.base = base
        self.pg = EmbeddedPostgres(base / "pg", free_port())
        self.broker = TansuBroker(free_port(), base / "broker.log")
        self.ports = {svc.name: free_port() for svc in ALL_SERVICES}
        self.env: dict[str, str] = {}
        self.children: list[subprocess.Popen] = []
        self.roles: dict[tuple[str, str], subprocess.Popen] = {}  # (service, role) -> its process

    def start(self, services: list[str]) -> None:
        say(f"starting PostgreSQL and tansu under {self.base}")
        self.pg.start()
        self.broker.start()
        secrets = {**new_secrets(), "LINDUNG_ADMIN_API_KEY": ADMIN_KEY}
        self.env = service_env(self.pg.url, self.broker.bootstrap, secrets, ports=self.ports,
                               extra={"LINDUNG_CLIENTS_FILE": ""})
        os.environ.update(self.env)
        for name in services:
            migrate(spec_of(name).migrations_dir, self.env[BY_NAME[name].env_prefix + "DATABASE_URL"])

    def spawn(self, service: str, role: str) -> None:
        log = open(self.base / f"{service}-{role}.log", "ab")
        command = [sys.executable, "-m", BY_NAME[service].package, role]
        if os.environ.get("LINDUNG_BENCH_FLAMEGRAPHS"):
            FLAMEGRAPHS.mkdir(exist_ok=True)
            svg = FLAMEGRAPHS / f"{service}-{role}-{int(time.time())}.svg"
            command = [str(Path(sys.executable).parent / "py-spy"), "record", "--rate", "200", "--nonblocking",
                       "--subprocesses", "-o", str(svg), "--", *command]
        self.children.append(subprocess.Popen(command, cwd=CODE_ROOT, env={**os.environ, **self.env}, stdout=log,
                                              stderr=subprocess.STDOUT))
        self.roles[(service, role)] = self.children[-1]

    def ensure(self, service: str, role: str) -> subprocess.Popen:
        """The process of `service role`, started unless it runs already."""
        if (service, role) not in self.roles:
            self.spawn(service, role)
        return self.roles[(service, role)]

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def wait_ready(self, service: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url(service) + "/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{service} not ready")

    def stop(self) -> None:
        for proc in self.children:
            if os.environ.get("LINDUNG_BENCH_FLAMEGRAPHS"):  # stop the service; py-spy then writes its SVG
                for child in psutil.Process(proc.pid).children():
                    child.terminate()
            else:
                proc.terminate()
        for proc in self.children:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.broker.stop()
        self.pg.stop()


def spec_of(service: str):
    return __import__(f"{BY_NAME[service].package}.main", fromlist=["SPEC"]).SPEC


@contextmanager
def bench_stack(services: list[str]):
    with tempfile.TemporaryDirectory(prefix="lindung-bench-") as tmp:
        stack = BenchStack(Path(tmp))
        try:
            stack.start(services)
            yield stack
        finally:
            stack.stop()
