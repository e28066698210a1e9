"""Waking a worker loop with PostgreSQL LISTEN/NOTIFY instead of polling: the writer NOTIFYs a
channel in the transaction that creates work (delivered at commit; several notifications of one
transaction are folded into one), and the loop sleeps on a dedicated LISTEN connection until a
notification, its slow fallback poll (for a notification lost in a reconnect), or stop.

Used by the outbox relay (`shared/outbox.py` notifies `lindung_outbox`) and the job runner
(`shared/jobs/runner.py` notifies `lindung_jobs`). A channel is per database, and every service
has its own database."""
from __future__ import annotations

import asyncio
import contextlib

import psycopg
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import libpq_url


class Wakeup:
    """A dedicated autocommit connection LISTENing on `channel`. Notifications that arrive while
    the loop works wait in the socket, so none between a claim and the next wait is missed; a
    broken connection raises an outage (the caller's backoff restarts it)."""

    def __init__(self, engine: AsyncEngine, channel: str):
        self.url = libpq_url(engine.url.render_as_string(hide_password=False))
        self.channel = channel
        self.conn: psycopg.AsyncConnection | None = None

    async def __aenter__(self) -> Wakeup:
        self.conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
        await self.conn.execute(f"LISTEN {self.channel}")
        return self

    async def __aexit__(self, *exc) -> None:
        with contextlib.suppress(Exception):  # closing a broken connection must not mask the original error
            await self.conn.close()

    async def wait(self, seconds: float) -> None:
        """Until a notification (then also drain those already here) or `seconds` passed.

        The sleep is on the socket itself, not on psycopg's `notifies(timeout=...)`: that one wakes
        every 0.1 s to look for an interrupt (ten wake-ups a second per idle worker loop, the largest
        part of an idle worker's CPU). Nothing else uses this connection, so whatever arrives while the
        loop works stays in the socket and makes it readable at the next wait; the drain then reads it
        (a broken connection makes the socket readable too, and the drain raises)."""
        await _readable(self.conn.fileno(), seconds)
        async for _ in self.conn.notifies(timeout=0, stop_after=1000):
            pass


async def _readable(fd: int, seconds: float) -> None:
    """Until `fd` can be read or `seconds` passed: one reader callback and one timer, no polling."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
    try:
        await asyncio.wait([ready], timeout=seconds)
    finally:
        loop.remove_reader(fd)
        ready.cancel()


async def wait_or_stop(wakeup: Wakeup, stop: asyncio.Event, seconds: float) -> None:
    """A notification, `seconds`, or stop, whichever comes first."""
    waiting = asyncio.ensure_future(wakeup.wait(seconds))
    stopping = asyncio.ensure_future(stop.wait())
    done, pending = await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if waiting in done:
        waiting.result()  # a broken connection is an outage for the caller's backoff
