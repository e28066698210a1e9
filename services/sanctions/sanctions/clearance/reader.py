"""The clearance lookups' own connections: a few autocommit connections kept open, and the lookups
that arrive together answered by ONE prepared statement in one round trip (the DataLoader pattern).

Why: OSS/PTSP calls clearance inside its own licensing flow (docs/API.md §9), and a lookup's cost
was its round trip, not its query: through the service's SQLAlchemy engine a lookup paid pool
checkout and ping, BEGIN and ROLLBACK; with one prepared statement per lookup the profile still
showed the socket send to PostgreSQL (and the backend's wake-up) as the largest part of a request
(issue 18, docs/SCALE.md). A lookup now queues itself; a drain task, scheduled by the first lookup
of an event-loop pass, takes every lookup queued by the time it holds a connection and sends them
as one statement over arrays (`unnest`). One lookup alone waits for no one (the drain runs on the
next pass of the loop); under load, lookups that queue while `size` batches are in flight form the
next batch. Every lookup's rows are what its own statement would have answered."""
from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager

import psycopg
from psycopg.conninfo import conninfo_to_dict

from shared.app import Runtime
from shared.db import libpq_url

# By employer id: known if in the NIB map; its sanctions by that id. By NIB: the employer the NIB
# map names, and that employer's sanctions. One row per sanction, or one row of NULLs per lookup;
# `n` is the lookup's place in its array (1-based; negative for the NIB array). Index scans only
# (primary key / known_employers_by_nib / active_sanctions_by_employer), one probe per lookup. A
# batch sends the part(s) it needs: alone, a lookup costs the server what its own statement did.
BY_ID = """
    SELECT q.n, k.employer_id IS NOT NULL, q.id, s.data
    FROM unnest(CAST(%(ids)s AS uuid[]), CAST(%(id_regencies)s AS text[])) WITH ORDINALITY AS q (id, regency_code, n)
    LEFT JOIN known_employers k ON k.employer_id = q.id AND k.regency_code = q.regency_code
    LEFT JOIN active_sanctions s ON s.employer_id = q.id AND s.regency_code = q.regency_code
"""
BY_NIB = """
    SELECT -q.n, k.employer_id IS NOT NULL, k.employer_id, s.data
    FROM unnest(CAST(%(nibs)s AS text[]), CAST(%(nib_regencies)s AS text[])) WITH ORDINALITY AS q (nib, regency_code, n)
    LEFT JOIN known_employers k ON k.nib = q.nib AND k.regency_code = q.regency_code
    LEFT JOIN active_sanctions s ON s.employer_id = k.employer_id AND s.regency_code = q.regency_code
"""
STATEMENTS = {(True, False): BY_ID, (False, True): BY_NIB, (True, True): BY_ID + "UNION ALL" + BY_NIB}
# These connections run these statements only, each planned once per connection (a generic plan): a
# custom plan per execution, PostgreSQL's default for a statement over arrays whose lengths it cannot
# know, cost twice the execution (~0.2 ms of the server's CPU per lookup alone). Nested loops over the
# indexes whatever the batch size: a hash join would read a whole table for a few keys.
PLAN_OPTIONS = "-c plan_cache_mode=force_generic_plan -c enable_hashjoin=off -c enable_mergejoin=off"
Row = tuple[bool, uuid.UUID | None, dict | None]  # known, employer id, a sanction's data (or None)


class _Lookup:
    __slots__ = ("regency_code", "employer_id", "nib", "future", "rows")

    def __init__(self, regency_code: str, employer_id: uuid.UUID | None, nib: str | None, future: asyncio.Future):
        self.regency_code, self.employer_id, self.nib, self.future = regency_code, employer_id, nib, future
        self.rows: list[Row] = []


class ClearanceReader:
    def __init__(self, database_url: str, size: int):
        self._conninfo = libpq_url(database_url)
        self._slots = asyncio.Semaphore(size)
        self._idle: list[psycopg.AsyncConnection] = []
        self._queued: list[_Lookup] = []
        self._drain_scheduled = False
        self._drains: set[asyncio.Task] = set()  # strong references: the loop keeps only weak ones

    async def lookup(self, regency_code: str, employer_id: uuid.UUID | None, nib: str | None) -> list[Row]:
        """The rows for one employer (by id, else by NIB) in one regency: one per sanction in force,
        or one row whose data is None."""
        loop = asyncio.get_running_loop()
        queued = _Lookup(regency_code, employer_id, nib, loop.create_future())
        self._queued.append(queued)
        if not self._drain_scheduled:
            self._drain_scheduled = True
            task = loop.create_task(self._drain())
            self._drains.add(task)
            task.add_done_callback(self._drains.discard)
        return await queued.future

    async def _drain(self) -> None:
        async with self._slots:
            batch, self._queued, self._drain_scheduled = self._queued, [], False
            by_id = [q for q in batch if q.employer_id is not None]
            by_nib = [q for q in batch if q.employer_id is None]
            try:
                rows = await self._fetch(STATEMENTS[bool(by_id), bool(by_nib)], {
                    "ids": [q.employer_id for q in by_id], "id_regencies": [q.regency_code for q in by_id],
                    "nibs": [q.nib for q in by_nib], "nib_regencies": [q.regency_code for q in by_nib]})
            except BaseException as error:
                for queued in batch:  # every caller of the batch gets the failure (or the cancellation)
                    if not queued.future.done():
                        queued.future.set_exception(error) if isinstance(error, Exception) else queued.future.cancel()
                if not isinstance(error, Exception):
                    raise
                return
        for n, known, employer_id, data in rows:
            (by_id[n - 1] if n > 0 else by_nib[-n - 1]).rows.append((known, employer_id, data))
        for queued in batch:
            if not queued.future.done():  # a caller that went away (cancelled) wants no answer
                queued.future.set_result(queued.rows)

    async def _fetch(self, statement: str, params: dict) -> list[tuple]:
        for attempt in (1, 2):
            conn = self._idle.pop() if self._idle else await self._connect()
            try:
                rows = await (await conn.execute(statement, params, prepare=True)).fetchall()
            except psycopg.OperationalError:
                await conn.close()  # e.g. the server restarted: retry once on a new connection
                if attempt == 2:
                    raise
                continue
            except BaseException:
                await conn.close()  # cancelled or failed mid-query: its state is unknown
                raise
            self._idle.append(conn)
            return rows
        raise AssertionError("unreachable")

    async def _connect(self) -> psycopg.AsyncConnection:
        options = f"{conninfo_to_dict(self._conninfo).get('options', '')} {PLAN_OPTIONS}".strip()
        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True, connect_timeout=3,
                                                     options=options)

    async def close(self) -> None:
        for task in list(self._drains):
            task.cancel()
        while self._idle:
            await self._idle.pop().close()


def reader_of(runtime: Runtime) -> ClearanceReader:
    return runtime.extras["clearance_reader"]


@asynccontextmanager
async def reader_lifespan(app):
    """Opened with the app (after the runtime exists), closed with it."""
    runtime: Runtime = app.state.runtime
    reader = runtime.extras["clearance_reader"] = ClearanceReader(runtime.settings.database_url,
                                                                  runtime.settings.clearance_connections)
    try:
        yield
    finally:
        await reader.close()
