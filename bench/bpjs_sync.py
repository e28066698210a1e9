"""BPJS membership sync of a million generated rows through the real registry API process
(signed streaming upload, durable sealed store, COPY into staging + set-based upsert in
checkpointed chunks by the worker's job runner), against the ceiling: a plain PostgreSQL COPY of
the same file into a bare table on the same server. Prints rows per second, the ratio, and the
API's and the worker's peak memory."""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
import time
from pathlib import Path

import httpx
import psutil
import psycopg

from bench.infra import ADMIN_KEY, bench_stack, say
from registry.domain.bpjs_signature import KEY_ID, NONCE, SIGNATURE, TIMESTAMP, compute_signature, parse_signing_keys
from shared.db import libpq_url

HEADER = b"nik,kpj_number,programs,status,start_date,end_date\n"
SERIALS = 9999


def write_batch(path: Path, rows: int) -> str:
    """A CSV of distinct valid NIKs (birth date and serial vary); returns its SHA-256."""
    digest = hashlib.sha256(HEADER)
    base = dt.date(1960, 1, 1)
    with path.open("wb") as out:
        out.write(HEADER)
        for start in range(0, rows, 50_000):
            lines = []
            for i in range(start, min(rows, start + 50_000)):
                birth = base + dt.timedelta(days=i // SERIALS)
                day = birth.day + (40 if i % 2 else 0)
                status, end = ("active", "") if i % 10 else ("inactive", "2026-06-30")
                lines.append(f"620701{day:02d}{birth.month:02d}{birth.year % 100:02d}{i % SERIALS + 1:04d},"
                             f"{i:011d},JKK;JKM,{status},2026-01-05,{end}\n")
            data = "".join(lines).encode()
            digest.update(data)
            out.write(data)
    return digest.hexdigest()


def plain_copy(database_url: str, path: Path) -> float:
    """Seconds for COPY of the file into a bare table (no index, no parsing in Python)."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        conn.execute("CREATE TABLE bench_plain_copy (nik text, kpj_number text, programs text, status text, "
                     "start_date date, end_date date)")
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy("COPY bench_plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_plain_copy")
        conn.commit()
    return elapsed


def signed(stack, path: str, body_sha256: str) -> dict:
    key_id, secret = next(iter(parse_signing_keys(stack.env["LINDUNG_REGISTRY_BPJS_SIGNING_KEYS"]).items()))
    stamp, nonce = str(int(time.time())), f"bench-{time.time_ns()}"
    return {KEY_ID: key_id, TIMESTAMP: stamp, NONCE: nonce, "content-type": "text/csv",
            SIGNATURE: compute_signature(secret, "POST", path, stamp, nonce, body_sha256=body_sha256)}


def sync(stack, file: Path, body_sha256: str, rows: int) -> dict:
    api, worker = psutil.Process(stack.children[0].pid), psutil.Process(stack.children[1].pid)
    path = "/v1/bpjs/membership-sync/bench-1"
    peak = worker_peak = 0
    with httpx.Client(base_url=stack.url("registry"), headers={"X-API-Key": ADMIN_KEY}, timeout=600) as http:
        started = time.perf_counter()
        with file.open("rb") as body:
            response = http.post(path, content=body, headers=signed(stack, path, body_sha256))
        response.raise_for_status()
        accepted = time.perf_counter() - started
        while True:
            peak = max(peak, api.memory_info().rss)
            worker_peak = max(worker_peak, worker.memory_info().rss)
            status = http.get(path).json()
            print(f"\r[bench] applied {status['rows_processed']}/{rows}", end="", file=sys.stderr, flush=True)
            if status["status"] in ("completed", "failed"):
                break
            time.sleep(0.5)
    print(file=sys.stderr)
    elapsed = time.perf_counter() - started
    high_water = _high_water_mark(api.pid)
    return {"seconds": round(elapsed, 1), "upload_stored_seconds": round(accepted, 1),
            "rows_applied": status["rows_applied"], "rows_rejected": status["rows_rejected"],
            "rows_per_s": round(rows / elapsed), "api_peak_rss_mb": round(max(peak, high_water) / 2**20, 1),
            "worker_peak_rss_mb": round(max(worker_peak, _high_water_mark(worker.pid)) / 2**20, 1)}


def _high_water_mark(pid: int) -> int:
    """Linux's peak resident set size of the process (VmHWM), in bytes (0 elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(rows: int = 1_000_000) -> dict:
    with bench_stack(["registry"]) as stack:
        file = stack.base / "bpjs-sync.csv"
        say(f"generating {rows} sync rows")
        digest = write_batch(file, rows)
        size_mb = round(file.stat().st_size / 2**20, 1)
        say(f"{size_mb} MB; plain COPY into a bare table (the ceiling)")
        copy_seconds = plain_copy(stack.env["LINDUNG_REGISTRY_DATABASE_URL"], file)
        stack.spawn("registry", "api")
        stack.spawn("registry", "worker")  # applies the batch (shared/jobs)
        stack.wait_ready("registry")
        say("signed upload to the registry API, applied by the worker in checkpointed chunks")
        result = sync(stack, file, digest, rows)
    ceiling = rows / copy_seconds
    figures = {"rows": rows, "file_mb": size_mb,
               "plain_copy_rows_per_s": round(ceiling), "sync": result,
               "ratio_copy_to_sync": round(ceiling / result["rows_per_s"], 1)}
    say(f"sync {result['rows_per_s']} rows/s vs plain COPY {round(ceiling)} rows/s: "
        f"ratio {figures['ratio_copy_to_sync']}, API peak RSS {result['api_peak_rss_mb']} MB")
    return figures
