"""`make bench` (`BENCH=quick` for a few-minute version): every hot path of issue 18 beside its
anchor, measured in the same command and interleaved (anchor, Lindung, anchor, Lindung, ...;
medians of the rounds), printed as one table: path, anchor, Lindung, ratio, goal, met?.

On a shared machine absolute figures swing by 2x; the ratio against an anchor measured seconds
before and after on the same loaded machine is what the goals are stated in. The detailed
benchmarks (`python -m bench <name>`) print more figures per path."""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time

import httpx
import psutil
import psycopg
from aiokafka import AIOKafkaConsumer

from bench import aid as aid_bench
from bench import bpjs_sync, eligibility, openfisca, pipeline
from bench import clearance as clr
from bench.infra import ADMIN_KEY, ROOT, bench_stack, say
from shared.db import libpq_url
from shared.devstack import free_port
from shared.events import topic_for
from shared.logging import configure_logging
from tests.factories import participant_body

SIZES = {  # seconds per round, rounds, events, rows ...
    "quick": {"seconds": 3, "rounds": 2, "events": 5000, "lag_rate": 10, "lag_seconds": 8, "idle_settle": 15,
              "idle_window": 15, "allocations": 1500, "bpjs_rows": 100_000,
              "openfisca_rows": 200_000},
    "full": {"seconds": 8, "rounds": 3, "events": 20000, "lag_rate": 20, "lag_seconds": 20, "idle_settle": 60,
             "idle_window": 30, "allocations": 6000, "bpjs_rows": 1_000_000,
             "openfisca_rows": 1_000_000},
}
IN_FLIGHT = 32


def _uvicorn(app: str, log_path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
                                "--no-access-log", "--log-level", "warning"], cwd=ROOT,
                               env={**os.environ, **(env or {})}, stdout=open(log_path, "ab"),
                               stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


class CpuMeter:
    """CPU seconds used by some processes (and their children), e.g. one API process and the
    PostgreSQL cluster it queries. Server CPU per request is what a shared machine cannot blur:
    when the load generator itself is starved, req/s of anchor and Lindung both sink to the
    client's ceiling, but each still costs the servers what it costs."""

    def __init__(self, *pids: int, postgres=None):
        self.pids, self.postgres = pids, postgres

    def _processes(self) -> list[psutil.Process]:
        roots = [psutil.Process(pid) for pid in self.pids]
        if self.postgres is not None:
            data_dir = str(self.postgres.data_dir)
            roots += [p for p in psutil.process_iter(["cmdline"]) if data_dir in " ".join(p.info["cmdline"] or [])]
        found = {}
        for root in roots:
            for proc in [root, *root.children(recursive=True)]:
                found[proc.pid] = proc
        return list(found.values())

    def sample(self) -> dict[int, float]:
        out = {}
        for proc in self._processes():
            try:
                out[proc.pid] = sum(proc.cpu_times()[:2])
            except psutil.Error:  # a backend that just ended
                pass
        return out

    @staticmethod
    def used(before: dict[int, float], after: dict[int, float]) -> float:
        """A process started in between counts from 0; one that ended in between is lost (small)."""
        return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


async def _closed_loop(request, seconds: float, in_flight: int = IN_FLIGHT, meter: CpuMeter | None = None) -> dict:
    """`in_flight` requests outstanding at all times; request(i) sends the i-th one. With a
    `meter`: the servers' CPU milliseconds per request as well."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def loop(k: int) -> None:
        nonlocal errors
        i = k
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                ok = await request(i)
            except httpx.HTTPError:  # an overloaded server dropping a connection counts, it does not abort
                ok = False
            latencies.append(time.perf_counter() - started)
            errors += not ok
            i += in_flight

    before = meter.sample() if meter else {}
    started = time.perf_counter()
    await asyncio.gather(*(loop(k) for k in range(in_flight)))
    latencies.sort()
    cpu = CpuMeter.used(before, meter.sample()) if meter else float("nan")
    return {"per_s": len(latencies) / (time.perf_counter() - started), "errors": errors,
            "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else float("nan"),
            "cpu_ms": 1000 * cpu / max(len(latencies), 1)}


async def _interleaved(pair: dict, size: dict) -> dict:
    """Rounds of anchor then Lindung; the median of each side's throughput, p99 and server CPU ms
    per request. `pair`: name -> (request, CpuMeter or None)."""
    runs: dict[str, list[dict]] = {name: [] for name in pair}
    for request, _meter in pair.values():  # warm-up, not counted
        await _closed_loop(request, 1.0)
    for r in range(size["rounds"]):
        for name, (request, meter) in pair.items():
            runs[name].append(await _closed_loop(request, size["seconds"], meter=meter))
            say(f"round {r + 1}: {name} {runs[name][-1]['per_s']:.0f}/s p99 {runs[name][-1]['p99_ms']:.1f} ms "
                f"cpu {runs[name][-1]['cpu_ms']:.2f} ms/req errors {runs[name][-1]['errors']}")
    return {name: {"per_s": statistics.median(x["per_s"] for x in rs),
                   "p99_ms": statistics.median(x["p99_ms"] for x in rs),
                   "cpu_ms": statistics.median(x["cpu_ms"] for x in rs),
                   "errors": sum(x["errors"] for x in rs)} for name, rs in runs.items()}


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(headers={"X-API-Key": ADMIN_KEY}, timeout=30,
                             limits=httpx.Limits(max_connections=200, max_keepalive_connections=200))


# --- goal 1: clearance ---------------------------------------------------------------------------------

def clearance(size: dict) -> dict:
    with bench_stack(["sanctions"]) as stack:
        people = clr.seed(stack.env["LINDUNG_SANCTIONS_DATABASE_URL"], 5000, 250)
        stack.spawn("sanctions", "api")
        bare, bare_url = _uvicorn("bench._ceiling:app", stack.base / "bare.log")
        try:
            stack.wait_ready("sanctions")
            asyncio.run(clr.wait_up(bare_url + "/ping"))
            urls = clr.clearance_requests(stack.url("sanctions"), people, 5000)

            async def go() -> dict:
                async with _client() as http:
                    async def anchor(i: int) -> bool:
                        return (await http.get(bare_url + "/ping")).status_code == 200

                    async def lindung(i: int) -> bool:
                        return (await http.get(urls[i % len(urls)])).status_code == 200
                    return await _interleaved({"anchor": (anchor, CpuMeter(bare.pid)),
                                               "lindung": (lindung, CpuMeter(stack.children[0].pid,
                                                                             postgres=stack.pg))}, size)
            return asyncio.run(go())
        finally:
            bare.terminate()
            bare.wait(10)


# --- goals 2, 4, 5, 6: registry + reporting -------------------------------------------------------------

def _anchor_table(url: str) -> None:
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_anchor (id uuid PRIMARY KEY, body text)")


async def _raw_consume(bootstrap: str, topic: str, expected: int) -> float:
    """The broker's ceiling: the same messages read raw (no decoding, no database), messages/s."""
    reader = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                              enable_auto_commit=False, group_id=None, max_poll_records=5000)
    await reader.start()
    try:
        seen, started = 0, time.perf_counter()
        while seen < expected and time.perf_counter() - started < 120:
            for messages in (await reader.getmany(timeout_ms=500)).values():
                seen += len(messages)
        return seen / (time.perf_counter() - started)
    finally:
        await reader.stop()


async def _rebuild_rate() -> float:
    """The same projections fed by `python -m reporting rebuild` (batched), events/s."""
    from reporting.main import PROJECTIONS, SPEC
    from reporting.rebuild import rebuild
    from shared.app import Runtime
    runtime = Runtime.create(SPEC.settings_factory())
    try:
        result = await rebuild(runtime, PROJECTIONS)
    finally:
        await runtime.engine.dispose()
    return result["events_applied"] / max(result["seconds"], 1e-6)


def _stack_cpu(children: list[subprocess.Popen], window: float) -> float:
    """Percent of one core used by the service processes (and their children) over `window` s."""
    procs = []
    for child in children:
        with_kids = [psutil.Process(child.pid)]
        with_kids += with_kids[0].children(recursive=True)
        procs += with_kids
    before = {p.pid: sum(p.cpu_times()[:2]) for p in procs}
    time.sleep(window)
    used = sum(sum(p.cpu_times()[:2]) - before[p.pid] for p in procs if p.is_running())
    return 100 * used / window


def registry_paths(size: dict) -> dict:
    out: dict = {}
    with bench_stack(["registry", "reporting"]) as stack:
        bootstrap = stack.broker.bootstrap
        live = asyncio.run(pipeline.throughput(stack, size["events"]))
        out["live_ev_s"] = live["end_to_end_events_per_s"]
        say("rebuild of the same projections from the same events")
        out["rebuild_ev_s"] = asyncio.run(_rebuild_rate())
        out["raw_consume_msg_s"] = asyncio.run(_raw_consume(bootstrap, topic_for("registry"), size["events"]))
        out["lag"] = pipeline.lag(stack, size["lag_rate"], size["lag_seconds"])["lag_ms"]
        say(f"idle: {size['idle_settle']} s settle, then CPU over {size['idle_window']} s")
        time.sleep(size["idle_settle"])
        services = list(stack.children)
        out["idle_pct_core"] = _stack_cpu(services, size["idle_window"])
        out["idle_processes"] = len(services)
        registry_db = stack.env["LINDUNG_REGISTRY_DATABASE_URL"]
        _anchor_table(registry_db)
        anchor, anchor_url = _uvicorn("bench._anchor_query:app", stack.base / "anchor.log",
                                      {"BENCH_ANCHOR_DATABASE_URL": registry_db})
        try:
            asyncio.run(clr.wait_up(anchor_url + "/docs"))
            base = stack.url("registry")
            api = stack.roles[("registry", "api")]

            async def go() -> dict:
                async with _client() as http:
                    async def anchor_req(i: int) -> bool:
                        return (await http.post(anchor_url + "/write", json={"n": i})).status_code == 201

                    async def register(i: int) -> bool:
                        body = participant_body("6101", serial=(i % 9999) + 1, birth_date=pipeline._birth(i + 5000))
                        return (await http.post(base + "/v1/participants", json=body)).status_code in (201, 409)
                    return await _interleaved({
                        "anchor": (anchor_req, CpuMeter(anchor.pid, postgres=stack.pg)),
                        "lindung": (register, CpuMeter(api.pid, postgres=stack.pg))}, size)
            out["registration"] = asyncio.run(go())
        finally:
            anchor.terminate()
            anchor.wait(10)
    return out


# --- goal 3: allocation -----------------------------------------------------------------------------

def allocation(size: dict) -> dict:
    from shared.db import make_engine, make_sessionmaker
    with bench_stack(["contribution-aid"]) as stack:
        url = stack.env["LINDUNG_CONTRIBUTION_AID_DATABASE_URL"]
        stack.spawn("contribution-aid", "api")
        stack.wait_ready("contribution-aid")
        _anchor_table(url)
        anchor, anchor_url = _uvicorn("bench._anchor_query:app", stack.base / "anchor.log",
                                      {"BENCH_ANCHOR_DATABASE_URL": url})

        async def go() -> dict:
            engine = make_engine(url, pool_size=2)
            people = await aid_bench.seed_participants(make_sessionmaker(engine), size["allocations"] * 2)
            await engine.dispose()
            await clr.wait_up(anchor_url + "/docs")
            async with _client() as http:
                budget = (await http.post(stack.url("contribution-aid") + "/v1/budgets", json={
                    "regency_code": aid_bench.REGENCY, "fiscal_year": 2026, "funding_source": "apbd",
                    "amount": len(people) * aid_bench.MONTHS * aid_bench.MONTHLY})).json()

                async def anchor_req(i: int) -> bool:
                    return (await http.post(anchor_url + "/write", json={"n": i})).status_code == 201

                async def allocate(i: int) -> bool:
                    if i >= len(people):  # a no-op counted as a request would inflate the rate
                        raise RuntimeError("the allocation bench ran out of seeded participants: raise 'allocations'")
                    response = await http.post(stack.url("contribution-aid") + "/v1/allocations", json={
                        "budget_id": budget["id"], "participant_id": str(people[i]), "months": aid_bench.MONTHS})
                    return response.status_code == 201
                seen = iter(range(10**9))  # each allocation once: a fresh participant per request

                async def allocate_next(_i: int) -> bool:
                    return await allocate(next(seen))
                return await _interleaved({
                    "anchor": (anchor_req, CpuMeter(anchor.pid, postgres=stack.pg)),
                    "lindung": (allocate_next, CpuMeter(stack.children[0].pid, postgres=stack.pg))}, size)
        try:
            return asyncio.run(go())
        finally:
            anchor.terminate()
            anchor.wait(10)


# --- the table --------------------------------------------------------------------------------------

def _row(path, anchor_name, anchor, lindung, ratio, goal, met) -> list[str]:
    return [path, anchor_name, anchor, lindung, ratio, goal, "yes" if met else ("no" if met is False else "-")]


def _guarded(measure, size: dict, label: str):
    """One section's figures, or None (reported in its rows) when it failed: the others still print."""
    try:
        return measure(size)
    except Exception as exc:  # noqa: BLE001 - a benchmark section failing must not lose the table
        say(f"{label} failed: {type(exc).__name__}: {exc}")
        return None


SECTIONS = ("clearance", "registry", "allocation", "bpjs", "openfisca")


def table(size: dict, only: set[str] = frozenset(SECTIONS)) -> list[list[str]]:
    """`only`: the sections to measure (`--only registry,allocation`); the others are left out of the table."""
    rows = _clearance_rows(_guarded(clearance, size, "clearance")) if "clearance" in only else []
    print(render(rows), flush=True)
    r = _guarded(registry_paths, size, "registry paths") if "registry" in only else None
    al = _guarded(allocation, size, "allocation") if "allocation" in only else None
    if only & {"registry", "allocation"}:
        rows += _registry_rows(r, al, size, only)
    print(render(rows), flush=True)
    if "bpjs" in only:
        rows += _bpjs_rows(_guarded(lambda sz: bpjs_sync.run(rows=sz["bpjs_rows"]), size, "bpjs sync"), size)
    if "openfisca" in only:
        rows += _openfisca_rows(_guarded(lambda sz: openfisca.run(sz["openfisca_rows"], sz["rounds"]), size,
                                         "openfisca"), size)
        rows += _batch_job_rows(_guarded(lambda sz: eligibility.end_to_end_job(sz["openfisca_rows"]), size,
                                         "batch job"), size)
    rows.append(_row("9 scale past one machine", "-", "-", "docs/SCALE.md", "-", "written + 5 M simulated", None))
    return rows


def _failed(path: str) -> list[str]:
    return _row(path, "-", "failed (see stderr)", "-", "-", "-", None)


def _clearance_rows(c) -> list[list[str]]:
    if c is None:
        return [_failed("1 clearance GET /v1/clearance")]
    a, b = c["anchor"], c["lindung"]
    ratio, p99, cpu = b["per_s"] / a["per_s"], b["p99_ms"] / a["p99_ms"], a["cpu_ms"] / b["cpu_ms"]
    return [_row("1 clearance GET /v1/clearance", "bare FastAPI", _figures(a), _figures(b),
                 f"{ratio:.2f}x, p99 {p99:.1f}x, cpu {cpu:.2f}x", ">=0.5x, p99<=2x",
                 min(ratio, cpu) >= 0.5 and p99 <= 2)]


def _figures(f: dict) -> str:
    return f"{f['per_s']:.0f}/s p99 {f['p99_ms']:.0f} ms, {f['cpu_ms']:.2f} cpu-ms/req" + (
        f" (errors {f['errors']})" if f["errors"] else "")


def _registry_rows(r, al, size: dict, only: set[str]) -> list[list[str]]:
    rows = []
    if r is None and "registry" in only:
        rows += [_failed(p) for p in ("2 registration", "4 live consumer", "5 lag", "6 idle")]
    elif r is not None:
        rows += _write_row("2 registration POST /v1/participants", r["registration"], ">=0.35x, p99<=5x", 0.35, 5)
    if al is None and "allocation" in only:
        rows.append(_failed("3 allocation"))
    elif al is not None:
        rows += _write_row("3 allocation, one budget, 32 clients", al, ">=0.25x", 0.25, None)
    if r is None:
        return rows
    ratio = r["live_ev_s"] / r["rebuild_ev_s"]
    rows.append(_row("4 live consumer (outbox->broker->read model)", "rebuild (raw consume)",
                     f"{r['rebuild_ev_s']:.0f} ev/s ({r['raw_consume_msg_s']:.0f} msg/s)", f"{r['live_ev_s']:.0f} ev/s",
                     f"{ratio:.2f}x ({r['live_ev_s'] / r['raw_consume_msg_s']:.3f}x raw)", ">=0.8x rebuild",
                     ratio >= 0.8))
    lag = r["lag"]
    rows.append(_row(f"5 registration->coverage lag at {size['lag_rate']}/s", "-", "-",
                     f"p50 {lag['p50']:.0f} ms p99 {lag['p99']:.0f} ms", "-", "p50<100 ms", lag["p50"] < 100))
    rows.append(_row(f"6 idle stack ({r['idle_processes']} processes: registry+reporting api+worker)",
                     "idle uvicorn ~0 %", "-", f"{r['idle_pct_core']:.1f} % of a core", "-", "<=3 %",
                     r["idle_pct_core"] <= 3))
    return rows


def _write_row(path: str, figures: dict, goal: str, least: float, p99_most: float | None) -> list[list[str]]:
    a, b = figures["anchor"], figures["lindung"]
    ratio, p99, cpu = b["per_s"] / a["per_s"], b["p99_ms"] / a["p99_ms"], a["cpu_ms"] / b["cpu_ms"]
    met = min(ratio, cpu) >= least and (p99_most is None or p99 <= p99_most)
    return [_row(path, "FastAPI + one query", _figures(a), _figures(b), f"{ratio:.2f}x, p99 {p99:.1f}x, cpu {cpu:.2f}x",
                 goal, met)]


def _bpjs_rows(bp, size: dict) -> list[list[str]]:
    if bp is None:
        return [_failed("7 BPJS sync")]
    ratio = bp["sync"]["rows_per_s"] / bp["plain_copy_rows_per_s"]
    return [_row(f"7 BPJS sync, {size['bpjs_rows']:,} rows", "CSV COPY", f"{bp['plain_copy_rows_per_s']} rows/s",
                 f"{bp['sync']['rows_per_s']} rows/s", f"{ratio:.3f}x", ">=0.30x", ratio >= 0.30)]


def _openfisca_rows(of, size: dict) -> list[list[str]]:
    path = f"8 batch eligibility, {size['openfisca_rows']:,} persons, rules on parsed columns"
    if of is None:
        return [_failed(path)]
    if "error" in of:
        return [_row(path, "OpenFisca-core", of["error"], "-", "-", ">=1.0x, RSS<=", None)]
    a, b = of["openfisca"], of["lindung"]
    same = a["outcome_counts"] == b["outcome_counts"] and a["failed_checks"] == b["failed_checks"]
    lindung = f"{b['persons_per_second']:,}/s, +{b['peak_rss_delta_mb']} MiB" + ("" if same else " (OUTCOMES DIFFER)")
    return [_row(path, "OpenFisca-core 46, same rule", f"{a['persons_per_second']:,}/s, +{a['peak_rss_delta_mb']} MiB",
                 lindung, f"{of['ratio']:.2f}x, cpu {of['cpu_ratio']:.2f}x", ">=1.0x, RSS<=",
                 same and min(of["ratio"], of["cpu_ratio"]) >= 1.0
                 and b["peak_rss_delta_mb"] <= max(a["peak_rss_delta_mb"], 1))]


def _batch_job_rows(job, size: dict) -> list[list[str]]:
    """Goal 8's full path: CSV upload -> sealed -> parsed -> evaluated -> results stored (the job
    done), through a real API and worker; the goal is for 1,000,000 rows (a smaller run is scaled)."""
    rows = size["openfisca_rows"]
    path = f"8 batch eligibility job, {rows:,} rows CSV, upload -> results"
    if job is None:
        return [_failed(path)]
    seconds = job["upload_to_results_seconds"]
    per_million = seconds * 1_000_000 / rows
    lindung = (f"{seconds:.1f} s (upload {job['upload_seconds']:.1f}, processing {job['processing_seconds']:.1f}; "
               f"cpu api {job['api_cpu_seconds']:.1f} + worker {job['worker_cpu_seconds']:.1f} s); "
               f"download {job['download_seconds']:.1f} s")
    return [_row(path, "-", "-", lindung, f"{per_million:.1f} s per 1 M", "<20 s per 1,000,000 rows",
                 per_million < 20)]


def render(rows: list[list[str]]) -> str:
    head = ["path", "anchor", "anchor, same run", "Lindung", "ratio", "goal", "met?"]
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.table")
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    if only - set(SECTIONS):
        parser.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS)))}")
    size = SIZES[args.size]
    configure_logging("bench", "WARNING")
    started = time.perf_counter()
    load = os.getloadavg()[0]
    rows = table(size, only)
    print(f"\nLindung vs anchors ({time.perf_counter() - started:.0f} s; load average {load:.1f} -> "
          f"{os.getloadavg()[0]:.1f}; {psutil.cpu_count()} cores shared)")
    print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
