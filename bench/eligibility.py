"""Eligibility batch evaluation: generated applicants (Berau vulnerable-worker facilitation, Pasal
13-16: NIK, age bounds, income against the UMK, "and/or" rules, missing and refused values) through

- `vectorised`: the batch path on CSV text columns (facts checked and NIK decoded column by column,
  then the rules), in chunks of 100,000 rows as the job runs them;
- `pipeline`: what the worker does with an upload, without the database: CSV bytes read
  incrementally, evaluated, results encoded for storage; plus rendering them for download;
- `one_by_one`: the engine a POST /v1/evaluations uses (build_facts + rules per applicant),
  measured on fewer rows and extrapolated to the full count;
- `end_to_end_job`: a real API and worker process: upload, processing, download.

Each in-memory path runs in its own subprocess so its peak memory (RSS sampled every 5 ms, minus
the RSS once the input was generated) is its own. Sizes: LINDUNG_BENCH_ELIGIBILITY_ROWS (default
1,000,000), ..._ONE_BY_ONE_ROWS (100,000), ..._E2E_ROWS (200,000; 0 skips it).
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import psutil

from bench.infra import ADMIN_KEY, ROOT, bench_stack, say

ROWS = int(os.environ.get("LINDUNG_BENCH_ELIGIBILITY_ROWS", 1_000_000))
ONE_BY_ONE_ROWS = int(os.environ.get("LINDUNG_BENCH_ELIGIBILITY_ONE_BY_ONE_ROWS", 100_000))
E2E_ROWS = int(os.environ.get("LINDUNG_BENCH_ELIGIBILITY_E2E_ROWS", 200_000))
REGENCY, SCHEME, AS_OF = "6405", "vulnerable_worker_aid", dt.date(2026, 1, 15)
CHUNK_ROWS = 100_000
POOLS = {  # (JSON value, CSV text)
    "has_ktp": [(True, "true"), (False, "false"), (None, "")],
    "domicile_regency_code": [("6405", "6405"), ("6101", "6101"), (None, "")],
    "actively_working": [(True, "ya"), (False, "tidak"), (None, "")],
    "worker_type": [("bpu", "bpu"), ("pu", "pu"), (None, "")],
    "occupation": [("nelayan", "nelayan"), ("petani", "Petani"), ("guru", "guru"), ("linmas", "linmas"), (None, "")],
    "vulnerable_independent_worker": [(True, "true"), (False, "false"), (None, "")],
    "monthly_income": [(v, str(v)) for v in (1_500_000, 3_000_000, 4_391_336, 4_391_337, 6_000_000)] + [(None, "")],
}
WEIGHTS = {"has_ktp": [0.9, 0.05, 0.05], "domicile_regency_code": [0.9, 0.05, 0.05],
           "actively_working": [0.85, 0.1, 0.05], "worker_type": [0.85, 0.1, 0.05]}


# --- generated applicants -----------------------------------------------------------------------

def applicants(n: int, seed: int = 7) -> tuple[list[str], dict[str, list]]:
    """CSV column names and, per column, the text cells; 1% of NIKs encode an impossible date."""
    rng = np.random.default_rng(seed)
    births = np.datetime64("1955-01-01") + rng.integers(0, 365 * 52, n)
    female = rng.random(n) < 0.5
    columns = {"ref": np.char.add("dtks-", np.arange(1, n + 1).astype(str)).tolist(),
               "nik": _niks(rng, births, female),
               "birth_date": np.where(rng.random(n) < 0.5, births.astype(str), "").tolist()}
    for name, pool in POOLS.items():
        picks = rng.choice(len(pool), n, p=WEIGHTS.get(name))
        columns[name] = np.array([text for _, text in pool])[picks].tolist()
    return list(columns), columns


def _niks(rng, births: np.ndarray, female: np.ndarray) -> list[str]:
    years = births.astype("datetime64[Y]")
    months = births.astype("datetime64[M]")
    day = (births - months).astype(int) + 1 + np.where(female, 40, 0)
    day = np.where(rng.random(len(births)) < 0.01, 32, day)  # refused: no 32nd day
    month = (months - years).astype(int) + 1
    yy = (years.astype(int) + 1970) % 100
    parts = [np.full(len(births), REGENCY), np.char.zfill(rng.integers(1, 14, len(births)).astype(str), 2),
             np.char.zfill(day.astype(str), 2), np.char.zfill(month.astype(str), 2), np.char.zfill(yy.astype(str), 2),
             np.char.zfill(rng.integers(1, 10_000, len(births)).astype(str), 4)]
    out = parts[0]
    for part in parts[1:]:
        out = np.char.add(out, part)
    return out.tolist()


def csv_bytes(names: list[str], columns: dict[str, list]) -> bytes:
    lines = [",".join(names)] + [",".join(row) for row in zip(*(columns[n] for n in names), strict=True)]
    return ("\n".join(lines) + "\n").encode()


def json_records(names: list[str], columns: dict[str, list], n: int) -> list[dict]:
    """The same applicants as POST /v1/evaluations bodies carry them (JSON values, no empty cells)."""
    decode = {name: dict((text, value) for value, text in pool) for name, pool in POOLS.items()}
    records = []
    for i in range(n):
        record = {}
        for name in names:
            cell = columns[name][i]
            if name != "ref" and cell != "":
                record[name] = decode[name][cell] if name in decode else cell
        records.append(record)
    return records


# --- measured paths (each in its own process) ------------------------------------------------------

class PeakRss:
    """RSS sampled every 5 ms from a thread: the peak while the measured work runs. The heap's
    free pages are handed back first (glibc malloc_trim): otherwise memory freed while the input
    was built is reused unseen and the work looks free (both sides of bench/openfisca.py showed
    0-1 MiB while allocating tens of MiB)."""

    def __init__(self):
        _trim_heap()
        self.process, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        self.baseline = self.process.memory_info().rss

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(0.005)


def _trim_heap() -> None:
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _evaluator():
    from eligibility.rules import BatchEvaluator, default_registry
    return BatchEvaluator(default_registry(), REGENCY, SCHEME, AS_OF)


def measure_vectorised(n: int) -> dict:
    evaluator = _evaluator()
    names, columns = applicants(n)
    facts = [name for name in names if name != "ref"]
    counts: dict[str, int] = {}
    with PeakRss() as rss:
        started = time.perf_counter()
        for start in range(0, n, CHUNK_ROWS):
            chunk = {name: columns[name][start:start + CHUNK_ROWS] for name in facts}
            result = evaluator.evaluate_raw(chunk, len(chunk["nik"]), text=True)
            for outcome, count in result.counts().items():
                counts[outcome] = counts.get(outcome, 0) + count
        seconds = time.perf_counter() - started
    return _figures(n, seconds, rss, counts=counts)


def measure_pipeline(n: int) -> dict:
    import io

    from eligibility.batch.reading import chunks as read_chunks
    from eligibility.batch.results import ChunkResult, Renderer, evaluate_chunk, layout_of
    from eligibility.batch.runner import without_cycle_collection as quick

    evaluator = _evaluator()
    data = csv_bytes(*applicants(n))
    stored: list = []
    with PeakRss() as rss:
        started = time.perf_counter()
        parts = read_chunks(io.BytesIO(data), "csv", CHUNK_ROWS)  # as runner.py reads the upload
        while (chunk := quick(next, parts, None)) is not None:
            stored.append(_store(quick(evaluate_chunk, evaluator, chunk)))
        seconds = time.perf_counter() - started
    rendered, started = 0, time.perf_counter()
    renderer = Renderer(layout_of(evaluator), "ndjson")
    for first_row, blob, errors in stored:  # as a download does: decode each stored chunk, render it
        rendered += len(renderer.render(ChunkResult.from_bytes(first_row, blob, errors)))
    render_seconds = time.perf_counter() - started
    return {**_figures(n, seconds, rss), "upload_mb": round(len(data) / 1e6, 1),
            "stored_mb": round(sum(len(blob) for _, blob, _ in stored) / 1e6, 1),
            "render_ndjson_rows_per_second": round(n / render_seconds), "rendered_mb": round(rendered / 1e6, 1)}


def _store(result):
    """What the runner writes to batch_result_chunks (the arrays themselves are dropped)."""
    return result.first_row, result.to_bytes(), result.error_rows()


def measure_one_by_one(n: int) -> dict:
    from eligibility.rules import InvalidFacts, default_registry, evaluate

    registry = default_registry()
    records = json_records(*applicants(n), n)
    counts: dict[str, int] = {}
    with PeakRss() as rss:
        started = time.perf_counter()
        for record in records:
            try:
                outcome = evaluate(registry, REGENCY, SCHEME, AS_OF, record).outcome
            except InvalidFacts:
                outcome = "invalid"
            counts[outcome] = counts.get(outcome, 0) + 1
        seconds = time.perf_counter() - started
    return _figures(n, seconds, rss, counts=counts)


def _figures(n: int, seconds: float, rss: PeakRss, **extra) -> dict:
    return {"rows": n, "seconds": round(seconds, 2), "rows_per_second": round(n / seconds),
            "peak_rss_mb": round(rss.peak / 2**20), "peak_rss_delta_mb": round((rss.peak - rss.baseline) / 2**20),
            **extra}


def _in_subprocess(path: str, n: int) -> dict:
    say(f"eligibility: {path} on {n:,} rows (own process)")
    done = subprocess.run([sys.executable, "-m", "bench.eligibility", path, str(n)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the job through real processes -------------------------------------------------------------------

def end_to_end_job(n: int) -> dict:
    import httpx

    data = csv_bytes(*applicants(n, seed=11))
    os.environ["LINDUNG_ELIGIBILITY_BLIND_INDEX_KEY"] = base64.b64encode(os.urandom(32)).decode()
    with bench_stack(["eligibility"]) as stack:
        stack.spawn("eligibility", "api")
        stack.spawn("eligibility", "worker")
        stack.wait_ready("eligibility")
        base = stack.url("eligibility")
        servers = [psutil.Process(stack.roles[("eligibility", role)].pid) for role in ("api", "worker")]
        with httpx.Client(base_url=base, headers={"X-API-Key": ADMIN_KEY}, timeout=120) as http:
            say("eligibility: a 100-row job first (the worker started and warm, as in service)")
            _wait_done(http, _submit(http, csv_bytes(*applicants(100, seed=12)))["id"])
            say(f"eligibility: uploading {len(data) / 1e6:.0f} MB ({n:,} rows) to the API")
            cpu = [_cpu_seconds(p) for p in servers]
            started = time.perf_counter()
            job = _submit(http, data)
            uploaded = time.perf_counter()
            status = _wait_done(http, job["id"])
            processed = time.perf_counter()
            cpu = [round(_cpu_seconds(p) - before, 2) for p, before in zip(servers, cpu, strict=True)]
            lines = 0
            with http.stream("GET", f"/v1/batch-evaluations/{job['id']}/results", params={"format": "csv"}) as r:
                for chunk in r.iter_bytes():
                    lines += chunk.count(b"\n")
            downloaded = time.perf_counter()
    return {"rows": n, "upload_mb": round(len(data) / 1e6, 1), "upload_seconds": round(uploaded - started, 2),
            "processing_seconds": round(processed - uploaded, 2), "download_seconds": round(downloaded - processed, 2),
            "upload_to_results_seconds": round(processed - started, 2), **_job_times(status),
            "api_cpu_seconds": cpu[0], "worker_cpu_seconds": cpu[1],  # upload -> results; the machine is shared
            "rows_per_second_overall": round(n / (downloaded - started)), "result_lines": lines - 1,
            "counts": status["counts"], "status": status["status"]}


def _job_times(status: dict) -> dict:
    """From the job's own timestamps: waiting for a worker, then running."""
    created, started, finished = (dt.datetime.fromisoformat(status[k]) for k in ("created_at", "started_at",
                                                                                  "finished_at"))
    return {"job_queued_seconds": round((started - created).total_seconds(), 2),
            "job_running_seconds": round((finished - started).total_seconds(), 2)}


def _submit(http, data: bytes) -> dict:
    return http.post("/v1/batch-evaluations", params={"regency_code": REGENCY, "scheme": SCHEME,
                                                      "as_of": AS_OF.isoformat()},
                     content=_pieces(data), headers={"Content-Type": "text/csv"}).json()


def _cpu_seconds(process: psutil.Process) -> float:
    """The process's CPU time and its children's (under LINDUNG_BENCH_FLAMEGRAPHS it is py-spy's)."""
    times = [process.cpu_times(), *(c.cpu_times() for c in process.children(recursive=True))]
    return sum(t.user + t.system for t in times)


def _pieces(data: bytes, size: int = 1024**2):
    for offset in range(0, len(data), size):
        yield data[offset:offset + size]


def _wait_done(http, job_id: str) -> dict:
    """Polled every 0.2 s (the end of the job is timed); progress said when it moves."""
    said = None
    while True:
        status = http.get(f"/v1/batch-evaluations/{job_id}").json()
        if status["status"] in ("done", "failed"):
            return status
        if (status["status"], status["rows_done"]) != said:
            said = (status["status"], status["rows_done"])
            say(f"eligibility: job {status['status']}, {status['rows_done']:,}/{status['rows_total']:,} rows")
        time.sleep(0.2)


def run() -> dict:
    out = {"rows": ROWS, "scheme": f"{REGENCY} {SCHEME}", "as_of": AS_OF.isoformat(),
           "vectorised": _in_subprocess("vectorised", ROWS),
           "pipeline_without_database": _in_subprocess("pipeline", ROWS)}
    one = _in_subprocess("one_by_one", ONE_BY_ONE_ROWS)
    one["extrapolated_seconds_for_all_rows"] = round(ROWS / one["rows_per_second"], 1)
    out["one_by_one"] = one
    out["speedup_vectorised_over_one_by_one"] = round(out["vectorised"]["rows_per_second"] / one["rows_per_second"], 1)
    if E2E_ROWS:
        say(f"eligibility: end-to-end job through real API and worker processes ({E2E_ROWS:,} rows)")
        out["end_to_end_job"] = end_to_end_job(E2E_ROWS)
    return out


if __name__ == "__main__":  # one measured path in this process: python -m bench.eligibility <path> <rows>
    path, rows = sys.argv[1], int(sys.argv[2])
    measures = {"vectorised": measure_vectorised, "pipeline": measure_pipeline, "one_by_one": measure_one_by_one}
    print(json.dumps(measures[path](rows)))
