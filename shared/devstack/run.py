"""`make run`: the whole system on this machine.

Starts PostgreSQL (data in ./var/pg, kept between runs) and the tansu broker on 127.0.0.1,
applies every service's migrations, replays the outboxes into the fresh broker (tansu keeps
its log in memory), starts the five APIs and their workers under a supervisor (a child that
exits is restarted with backoff; only repeated fast failures stop the run), prints where
everything is and stops it all on Ctrl-C."""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from console.keys import ensure_key_file
from shared.devstack.broker import TansuBroker
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.services import ALL_SERVICES, CONSOLE, SERVICES, load_or_create_secrets, service_env
from shared.devstack.supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[2]


def step(message: str) -> None:
    print(f"[lindung] {message}", flush=True)


class Stack:
    def __init__(self, var: Path, pg_port: int, broker_port: int):
        self.var = var
        self.logs = var / "logs"
        self.pg = EmbeddedPostgres(var / "pg", pg_port)
        self.broker = TansuBroker(broker_port, self.logs / "broker.log")
        self.supervisor: Supervisor | None = None
        self.env: dict[str, str] = {}

    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        step(f"starting PostgreSQL on 127.0.0.1:{self.pg.port} (data: {self.pg.data_dir})")
        self.pg.start()
        step(f"starting tansu broker on {self.broker.bootstrap}")
        self.broker.start()
        secrets = load_or_create_secrets(self.var / "secrets.env")
        if os.environ.get("LINDUNG_ADMIN_API_KEY"):
            secrets["LINDUNG_ADMIN_API_KEY"] = os.environ["LINDUNG_ADMIN_API_KEY"]
        keys = self.var / "console-signing-keys.json"  # the issuer's key, never in the repository
        ensure_key_file(keys)
        self.env = {**os.environ, **service_env(lambda db: self.pg.url(db), self.broker.bootstrap, secrets),
                    CONSOLE.env_prefix + "SIGNING_KEYS_FILE": str(keys), "PYTHONUNBUFFERED": "1",
                    "LINDUNG_HEARTBEAT_DIR": str(self.var / "heartbeat")}
        self.supervisor = Supervisor(env=self.env, cwd=ROOT, logs=self.logs, say=step)
        for svc in ALL_SERVICES:
            step(f"migrating {svc.name}")
            self._run([sys.executable, "-m", svc.package, "migrate"], f"{svc.name}-migrate")
        for svc in SERVICES:
            step(f"replaying {svc.name} outbox into the fresh broker")
            self._run([sys.executable, "-m", svc.package, "replay"], f"{svc.name}-replay")
        self.supervisor.spawn(f"{CONSOLE.name}-api", [sys.executable, "-m", CONSOLE.package, "api"])  # no worker
        for svc in SERVICES:
            self.supervisor.spawn(f"{svc.name}-api", [sys.executable, "-m", svc.package, "api"])
            self.supervisor.spawn(f"{svc.name}-worker", [sys.executable, "-m", svc.package, "worker"])
        self._wait_ready()

    def _run(self, argv: list[str], name: str) -> None:
        with open(self.logs / f"{name}.log", "ab") as log:
            result = subprocess.run(argv, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            raise SystemExit(f"{name} failed (exit {result.returncode}); see {self.logs / (name + '.log')}")

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        pending = {svc.name: svc.port for svc in ALL_SERVICES}
        while pending and time.monotonic() < deadline:
            for name, port in list(pending.items()):
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                        step(f"{name} ready on http://127.0.0.1:{port}")
                        pending.pop(name)
                except httpx.HTTPError:
                    pass
            self._check_children()
            time.sleep(0.3)
        if pending:
            raise SystemExit(f"not ready after {timeout}s: {', '.join(pending)}; see {self.logs}")

    def _check_children(self) -> None:
        self.supervisor.poll()

    def stop(self) -> None:
        step("stopping services")
        if self.supervisor is not None:
            self.supervisor.stop()
        step("stopping broker and PostgreSQL")
        self.broker.stop()
        self.pg.stop()
        step("stopped; data kept in " + str(self.var))


def print_summary(stack: Stack) -> None:
    admin = stack.env["LINDUNG_ADMIN_API_KEY"]
    print("\n  Lindung is running:")
    print(f"    {'console (back office)':<22} http://127.0.0.1:{CONSOLE.port}/   (OpenID Connect issuer: "
          f"/.well-known/openid-configuration)")
    for svc in SERVICES:
        print(f"    {svc.name:<17} http://127.0.0.1:{svc.port}/docs")
    print("    dashboard         http://127.0.0.1:8005/dashboard/")
    print(f"    PostgreSQL        {stack.pg.url('postgres', 'postgresql')}")
    print(f"    broker            {stack.broker.bootstrap}")
    print(f"    logs              {stack.logs}")
    print(f"    admin API key     {admin}   (X-API-Key header; kept in {stack.var / 'secrets.env'})")
    print("  Ctrl-C stops everything.\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.devstack run")
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--demo", action="store_true", help="load demo data after start")
    parser.add_argument("--var", default=str(ROOT / "var"))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("LINDUNG_PG_PORT", 54329)))
    parser.add_argument("--broker-port", type=int, default=int(os.environ.get("LINDUNG_BROKER_PORT", 19092)))
    parser.add_argument("--exit-after-start", action="store_true", help="start, print, stop (smoke test)")
    args = parser.parse_args(argv)
    stack = Stack(Path(args.var), args.pg_port, args.broker_port)
    stopping = {"flag": False}

    def on_signal(_sig, _frame):
        stopping["flag"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start()
        people = []
        if args.demo:
            from shared.devstack.demo import load_demo
            from shared.devstack.demo_people import load_demo_people
            load_demo(stack.env["LINDUNG_ADMIN_API_KEY"], progress=step)
            people = load_demo_people(stack.env["LINDUNG_ADMIN_API_KEY"], f"http://127.0.0.1:{CONSOLE.port}",
                                      progress=step)
        print_summary(stack)
        if people:
            from shared.devstack.demo_people import print_logins
            print_logins(people, f"http://127.0.0.1:{CONSOLE.port}")
        while not stopping["flag"] and not args.exit_after_start:
            stack._check_children()
            time.sleep(0.5)
    finally:
        stack.stop()
    return 0
