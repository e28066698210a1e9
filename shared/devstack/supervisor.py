"""Keeps the processes of a local run alive: a child that exits is started again after a
backoff (1 s, 2 s, 4 s ... capped), every exit and restart is logged; only a child that keeps
failing fast (exits within `fast_seconds` of starting, `max_fast_failures` times in a row) makes
the supervisor give up. Used by `make run` and the fault benchmark."""
from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class GaveUp(SystemExit):
    """A child kept failing fast; the run stops."""


@dataclass
class Child:
    name: str
    argv: list[str]
    proc: subprocess.Popen | None = None
    started_at: float = 0.0
    fast_failures: int = 0
    restarts: int = 0
    restart_at: float | None = None
    exits: list[int] = field(default_factory=list)


class Supervisor:
    def __init__(self, *, env: dict[str, str], cwd: Path, logs: Path, say: Callable[[str], None] = print,
                 fast_seconds: float = 10.0, max_fast_failures: int = 5, backoff_cap: float = 30.0):
        self.env, self.cwd, self.logs, self.say = env, cwd, logs, say
        self.fast_seconds, self.max_fast_failures, self.backoff_cap = fast_seconds, max_fast_failures, backoff_cap
        self.children: dict[str, Child] = {}
        self.stopping = False

    def spawn(self, name: str, argv: list[str]) -> Child:
        child = self.children[name] = Child(name, argv)
        self._start(child)
        return child

    def _start(self, child: Child) -> None:
        log = open(self.logs / f"{child.name}.log", "ab")  # noqa: SIM115 - the child keeps writing to it
        child.proc = subprocess.Popen(child.argv, env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        log.close()
        child.started_at, child.restart_at = time.monotonic(), None

    def poll(self) -> None:
        """Notice exited children, schedule and perform their restarts; call every fraction of a second."""
        now = time.monotonic()
        for child in self.children.values():
            if self.stopping or child.proc is None:
                continue
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self._start(child)
                    self.say(f"{child.name} restarted (restart #{child.restarts}, pid {child.proc.pid})")
                continue
            code = child.proc.poll()
            if code is not None:
                self._schedule_restart(child, code, now)

    def _schedule_restart(self, child: Child, code: int, now: float) -> None:
        lived = now - child.started_at
        child.exits.append(code)
        child.fast_failures = child.fast_failures + 1 if lived < self.fast_seconds else 0
        if child.fast_failures >= self.max_fast_failures:
            raise GaveUp(f"{child.name} failed {child.fast_failures} times within {self.fast_seconds:.0f}s of "
                         f"starting (last exit {code}); giving up; see {self.logs / (child.name + '.log')}")
        delay = min(self.backoff_cap, 2.0 ** max(0, child.fast_failures - 1))
        child.restart_at = now + delay
        self.say(f"{child.name} exited with {code} after {lived:.0f}s; restarting in {delay:.0f}s")

    def pid(self, name: str) -> int | None:
        proc = self.children[name].proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping = True
        procs = [c.proc for c in self.children.values() if c.proc is not None]
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
