"""Goal 9 of issue 18 (docs/SCALE.md): a synthetic registry of 5,000,000 participants across 100
regencies in a private PostgreSQL, in a table shaped like `participants` (ciphertexts as random
text of the real length) and LIST-partitioned by regency as docs/SCALE.md proposes, loaded by
COPY, and the hot queries timed with EXPLAIN ANALYZE. Sizes: LINDUNG_BENCH_SCALE_ROWS,
LINDUNG_BENCH_SCALE_REGENCIES."""
from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import psycopg

from bench.infra import say
from shared.devstack import EmbeddedPostgres, free_port

ROWS = int(os.environ.get("LINDUNG_BENCH_SCALE_ROWS", 5_000_000))
REGENCIES = int(os.environ.get("LINDUNG_BENCH_SCALE_REGENCIES", 100))

DDL = """
CREATE TABLE participants (
  id uuid NOT NULL, regency_code varchar(4) NOT NULL, nik_index varchar(64) NOT NULL,
  nik_cipher text NOT NULL, full_name text NOT NULL, birth_date date NOT NULL, sex char(1) NOT NULL,
  village_code varchar(13), worker_type varchar(3) NOT NULL, category text NOT NULL,
  status varchar(16) NOT NULL, created_at timestamptz NOT NULL,
  PRIMARY KEY (regency_code, id)
) PARTITION BY LIST (regency_code);
"""
# generated server-side and streamed through COPY (the client would be the bottleneck on 2 cores)
GENERATE = """
COPY (SELECT gen_random_uuid(), r, encode(sha256(('nik' || n)::bytea), 'hex'), md5(n::text) || md5(r),
             'Nama ' || n, date '1960-01-01' + (n % 15000), CASE WHEN n % 2 = 0 THEN 'M' ELSE 'F' END,
             r || lpad((n % 20)::text, 3, '0') || lpad((n % 15)::text, 3, '0') || '1',
             CASE WHEN n % 3 = 0 THEN 'pu' ELSE 'bpu' END, 'petani',
             CASE WHEN n % 10 = 0 THEN 'inactive' ELSE 'active' END, now() - make_interval(secs => n)
      FROM generate_series({lo}, {hi} - 1) AS n, LATERAL (SELECT lpad((6101 + n % {k})::text, 4, '0')) AS g(r))
TO STDOUT
"""
HOT = {
    "duplicate check (blind index, one regency)":
        "SELECT id FROM participants WHERE regency_code = %(r)s AND nik_index = %(x)s",
    "participant by id (regency known)": "SELECT * FROM participants WHERE regency_code = %(r)s AND id = %(id)s",
    "coverage by village (one regency)":
        "SELECT village_code, sex, count(*) FROM participants WHERE regency_code = %(r)s AND status = 'active' "
        "GROUP BY village_code, sex",
    "list page of 50 (cursor, one regency)":
        "SELECT id, created_at FROM participants WHERE regency_code = %(r)s AND created_at < now() "
        "ORDER BY created_at DESC LIMIT 50",
    "blind index across all regencies (no regency given)":
        "SELECT id FROM participants WHERE nik_index = %(x)s",
}


def _load(conn: psycopg.Connection, url: str) -> float:
    conn.execute(DDL)
    for k in range(REGENCIES):
        code = f"{6101 + k:04d}"
        conn.execute(f"CREATE TABLE participants_{code} PARTITION OF participants FOR VALUES IN ('{code}')")
    started = time.perf_counter()
    chunk = 500_000
    with psycopg.connect(url, autocommit=True) as other, other.cursor() as src, conn.cursor() as dst:
        for lo in range(0, ROWS, chunk):
            with dst.copy("COPY participants FROM STDIN") as sink, \
                    src.copy(GENERATE.format(lo=lo, hi=min(ROWS, lo + chunk), k=REGENCIES)) as source:
                for block in source:
                    sink.write(block)
            say(f"scale: {min(ROWS, lo + chunk):,}/{ROWS:,} rows copied")
    seconds = time.perf_counter() - started
    conn.execute("CREATE INDEX ON participants (regency_code, nik_index)")
    conn.execute("CREATE INDEX ON participants (regency_code, created_at)")
    conn.execute("ANALYZE participants")
    return seconds


def _explain(conn: psycopg.Connection, sql: str, params: dict) -> dict:
    plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()[0][0]
    return {"ms": round(plan["Execution Time"], 3), "planning_ms": round(plan["Planning Time"], 3),
            "top": plan["Plan"]["Node Type"]}


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="lindung-scale-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg", free_port())
        pg.start()
        try:
            with psycopg.connect(pg.url(driver="postgresql"), autocommit=True) as conn:
                say(f"scale: {ROWS:,} participants in {REGENCIES} regency partitions")
                copy_seconds = _load(conn, pg.url(driver="postgresql"))
                size = conn.execute("SELECT pg_total_relation_size(c.oid) FROM pg_class c "
                                    "WHERE relname = 'participants_6101'").fetchone()[0]
                total = conn.execute("SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                                     "WHERE inhparent = 'participants'::regclass").fetchone()[0]
                sample = conn.execute("SELECT regency_code, id, nik_index FROM participants_6150 LIMIT 1").fetchone()
                params = {"r": sample[0], "id": sample[1], "x": sample[2]}
                queries = {}
                for name, sql in HOT.items():
                    _explain(conn, sql, params)  # warm the cache, as a running service's is
                    queries[name] = _explain(conn, sql, params)
        finally:
            pg.stop()
    return {"rows": ROWS, "regencies": REGENCIES, "copy_seconds": round(copy_seconds, 1),
            "copy_rows_per_s": round(ROWS / copy_seconds), "bytes_per_row_with_indexes": round(total / ROWS),
            "one_partition_mb": round(size / 2**20, 1), "total_mb": round(total / 2**20), "queries": queries}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
