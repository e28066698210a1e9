"""Riding out outages: which errors mean "a dependency is unreachable" (database or broker down,
restarting, refusing connections) rather than "this input or this code is wrong", a capped
exponential backoff, and the wrapper that keeps every long-running worker loop alive.

One classification serves the whole system: the API answers an outage with 503 (not 500), a
consumer never dead-letters an event because of one, and worker loops wait and resume."""
from __future__ import annotations

import asyncio
import random
import socket
import time
from collections.abc import Awaitable, Callable

import psycopg
from aiokafka.errors import KafkaError
from sqlalchemy import exc as sa_exc

from shared.lifecycle import sleep_or_stop
from shared.logging import get_logger

log = get_logger("resilience")

# The classes an outage can surface as; `is_outage` decides for the ambiguous DBAPI ones.
OUTAGE_TYPES: tuple[type[BaseException], ...] = (
    sa_exc.DBAPIError, sa_exc.TimeoutError, psycopg.Error, KafkaError, OSError,
)
# SQLSTATE classes of a server going away or not accepting work: 08 connection exception,
# 57P admin/crash shutdown or "cannot connect now" (starting up / recovering), 53 out of resources.
_OUTAGE_SQLSTATE_PREFIXES = ("08", "57P", "53")


def is_outage(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) says a dependency is unreachable, not that the work is bad."""
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated or isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
            return True
        return is_outage(exc.orig) if exc.orig is not None else False
    if isinstance(exc, psycopg.Error):
        if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
            return True
        return (exc.sqlstate or "").startswith(_OUTAGE_SQLSTATE_PREFIXES)
    # of the OSErrors only the network ones: a missing file is a defect, not an outage
    return isinstance(exc, (sa_exc.TimeoutError, KafkaError, TimeoutError, ConnectionError, socket.gaierror))


class Backoff:
    """Capped exponential backoff with full jitter; `reset()` after a success."""

    def __init__(self, initial: float = 0.2, cap: float = 15.0, factor: float = 2.0):
        self.initial, self.cap, self.factor = initial, cap, factor
        self.attempt = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.initial * self.factor ** self.attempt)
        self.attempt += 1
        return random.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.attempt = 0

    async def wait(self, stop: asyncio.Event, beat: Callable[[], None] | None = None) -> float:
        """Sleep the next delay (ends early on stop); a waiting loop is alive, so it beats first."""
        delay = self.next_delay()
        if beat:
            beat()
        await sleep_or_stop(stop, delay)
        return delay


Loop = Callable[[asyncio.Event], Awaitable[None]]


async def keep_running(name: str, loop: Loop, stop: asyncio.Event, *, cap: float = 15.0,
                       beat: Callable[[], None] | None = None) -> None:
    """Run `loop` until `stop`; whatever ends it early (an outage it did not handle, a defect) is
    logged and the loop is started again after a capped backoff. A worker process never exits
    because one of its loops failed; the supervisor (or the health check) handles hung processes."""
    backoff = Backoff(cap=cap)
    while not stop.is_set():
        started = time.monotonic()
        try:
            await loop(stop)
            if stop.is_set():
                return
            log.warning("worker_loop_returned", loop=name)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if is_outage(exc):
                log.warning("worker_loop_outage", loop=name, error=type(exc).__name__, detail=str(exc)[:200])
            else:
                log.error("worker_loop_failed", loop=name, error=type(exc).__name__, exc_info=exc)
        if time.monotonic() - started > 60:
            backoff.reset()  # a loop that ran for a while before failing starts from a short wait again
        delay = await backoff.wait(stop, beat)
        log.info("worker_loop_restarting", loop=name, after_seconds=round(delay, 2))
