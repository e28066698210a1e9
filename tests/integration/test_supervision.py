"""Supervision of the local run (issue 12 item 4): a worker killed under `make run`'s supervisor
is restarted and beats again; a child that keeps failing fast makes the supervisor give up; the
`healthcheck` command tells a beating worker from a missing or stale one."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from shared.devstack.services import BY_NAME
from shared.devstack.supervisor import GaveUp, Supervisor
from shared.heartbeat import heartbeat_path
from tests.conftest import LOG_DIR
from tests.integration.conftest import ROOT, eventually


def healthcheck(env: dict, service: str = "reporting") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", BY_NAME[service].package, "healthcheck"], cwd=ROOT, env=env,
                          check=False, capture_output=True, text=True, timeout=60)


def beating_pid(infra, service: str = "reporting") -> int | None:
    path = heartbeat_path(infra.env["LINDUNG_HEARTBEAT_DIR"], service)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data["pid"] if time.time() - data["written_at"] < 5 else None


async def test_a_worker_killed_under_the_local_run_is_restarted_and_beats_again(clean):
    env = {**os.environ, **clean.env}
    said: list[str] = []
    supervisor = Supervisor(env=env, cwd=ROOT, logs=LOG_DIR, say=said.append)
    supervisor.spawn("reporting-worker-supervised", [sys.executable, "-m", "reporting", "worker"])

    def poll_and(check):
        supervisor.poll()
        return check()

    try:
        first = supervisor.pid("reporting-worker-supervised")
        await eventually(lambda: poll_and(lambda: beating_pid(clean) == first), timeout=60, interval=0.2)
        assert healthcheck(env).returncode == 0
        os.kill(first, signal.SIGKILL)
        await eventually(lambda: poll_and(lambda: supervisor.pid("reporting-worker-supervised") not in (None, first)),
                         timeout=30, interval=0.1)
        second = supervisor.pid("reporting-worker-supervised")
        await eventually(lambda: poll_and(lambda: beating_pid(clean) == second), timeout=60, interval=0.2)
        assert healthcheck(env).returncode == 0
        assert any("exited with -9" in line for line in said) and any("restarted" in line for line in said)
    finally:
        supervisor.stop()


def test_a_child_that_keeps_failing_fast_makes_the_supervisor_give_up(tmp_path):
    supervisor = Supervisor(env=dict(os.environ), cwd=tmp_path, logs=tmp_path, say=lambda _m: None,
                            fast_seconds=5, max_fast_failures=3, backoff_cap=0.2)
    supervisor.spawn("broken", [sys.executable, "-c", "raise SystemExit(3)"])
    deadline = time.monotonic() + 30
    with pytest.raises(GaveUp, match="broken failed 3 times"):
        while time.monotonic() < deadline:
            supervisor.poll()
            time.sleep(0.05)
    assert supervisor.children["broken"].exits == [3, 3, 3]


def test_healthcheck_fails_without_a_heartbeat_and_when_a_loop_stopped_beating(infra, tmp_path):
    env = {**os.environ, **infra.env, "LINDUNG_HEARTBEAT_DIR": str(tmp_path)}
    missing = healthcheck(env)
    assert missing.returncode == 1 and "UNHEALTHY" in missing.stdout
    now = time.time()
    path = heartbeat_path(str(tmp_path), "reporting")
    path.write_text(json.dumps({"pid": 1, "written_at": now, "loops": {"relay": now, "consumer:coverage": now - 600}}))
    stale = healthcheck(env)
    assert stale.returncode == 1 and "consumer:coverage" in stale.stdout
    path.write_text(json.dumps({"pid": 1, "written_at": now, "loops": {"relay": now, "consumer:coverage": now}}))
    assert healthcheck(env).returncode == 0
