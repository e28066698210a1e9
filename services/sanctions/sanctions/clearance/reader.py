"""A few autocommit connections kept open for the clearance lookups, each query a prepared
statement: one round trip per request. Through the service's SQLAlchemy engine the same query
costs about three times as much (pool checkout and ping, BEGIN and ROLLBACK round trips), and
OSS/PTSP calls clearance inside its own licensing flow (docs/API.md §9)."""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import psycopg

from shared.app import Runtime
from shared.db import libpq_url


class ClearanceReader:
    def __init__(self, database_url: str, size: int):
        self._conninfo = libpq_url(database_url)
        self._slots = asyncio.Semaphore(size)
        self._idle: list[psycopg.AsyncConnection] = []

    async def fetch(self, query: str, params: dict) -> list[tuple]:
        async with self._slots:
            for attempt in (1, 2):
                conn = self._idle.pop() if self._idle else await self._connect()
                try:
                    rows = await (await conn.execute(query, params, prepare=True)).fetchall()
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
        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True, connect_timeout=3)

    async def close(self) -> None:
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
