"""Goal 6: the whole local stack idle. `python -m bench idle` starts what `make run` starts (PostgreSQL,
the tansu broker, the five services' API and worker processes and the console API, on free ports), lets
it settle (`LINDUNG_BENCH_IDLE_SETTLE`, default 60 s), then measures the CPU of every one of those
processes (PostgreSQL's backends and background processes and the broker included) over
`LINDUNG_BENCH_IDLE_WINDOW` (default 30 s), and prints the percentage of one core beside the goal (<= 3 %),
with the share of each process group."""
from __future__ import annotations

import os
import time

from bench.infra import bench_stack, say
from bench.table import CpuMeter
from shared.devstack.services import CONSOLE, SERVICES

GOAL_PCT = 3.0


def _groups(stack) -> dict[str, CpuMeter]:
    groups = {f"{service}-{role}": CpuMeter(proc.pid) for (service, role), proc in stack.roles.items()}
    groups["broker (tansu)"] = CpuMeter(stack.broker.process.pid)
    groups["postgresql"] = CpuMeter(postgres=stack.pg)
    return groups


def measure(settle: float, window: float) -> dict:
    from console.keys import ensure_key_file
    with bench_stack([s.name for s in SERVICES]) as stack:
        keys = stack.base / "console-signing-keys.json"
        ensure_key_file(keys)
        stack.env[CONSOLE.env_prefix + "SIGNING_KEYS_FILE"] = str(keys)
        stack.env["LINDUNG_HEARTBEAT_DIR"] = str(stack.base / "heartbeat")
        stack.spawn(CONSOLE.name, "api")
        for svc in SERVICES:
            stack.spawn(svc.name, "api")
            stack.spawn(svc.name, "worker")
        for svc in (CONSOLE, *SERVICES):
            stack.wait_ready(svc.name, timeout=180)
        say(f"idle: all ready; {settle:.0f} s settle, then CPU over {window:.0f} s")
        time.sleep(settle)
        groups = _groups(stack)
        before = {name: meter.sample() for name, meter in groups.items()}
        load = os.getloadavg()[0]
        time.sleep(window)
        per = {name: 100 * CpuMeter.used(before[name], meter.sample()) / window for name, meter in groups.items()}
        dead = [f"{s}-{r}" for (s, r), p in stack.roles.items() if p.poll() is not None]
    total = sum(per.values())
    return {"pct_of_one_core": round(total, 2), "goal_pct": GOAL_PCT, "met": total <= GOAL_PCT,
            "window_s": window, "settle_s": settle, "load_average": round(load, 1), "exited": dead,
            "per_process_group_pct": {k: round(v, 2) for k, v in sorted(per.items(), key=lambda kv: -kv[1])}}


def run() -> dict:
    return measure(float(os.environ.get("LINDUNG_BENCH_IDLE_SETTLE", 60)),
                   float(os.environ.get("LINDUNG_BENCH_IDLE_WINDOW", 30)))
