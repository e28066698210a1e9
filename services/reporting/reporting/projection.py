"""What every projection shares: a tolerant read of the typed payload, the regency watermark,
upserts keyed by aggregate id, and the two ways to apply them.

A projection is a *plan* per event type: the writes (statement + parameters) an event makes.
A message retried alone runs a plan's writes one event at a time (`live_handlers`); a fetched
batch, live (`batch_handler`) or in the rebuild, runs its writes grouped by statement
(`apply_batch`), which is equivalent because every
write is an order-tolerant upsert, except the few marked `ordered`, which keep their place.
Read models are built only from events, so `python -m reporting rebuild` can drop them and
replay every topic from the beginning."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, case, event, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from reporting.coverage.models import RegencyWatermark
from shared.events import BY_TYPE, Envelope, EventPayload

PENDING_WATERMARKS = "reporting.pending_watermarks"


@dataclass(frozen=True)
class Write:
    statement: Any
    params: dict | list[dict]
    ordered: bool = False   # must not move past other writes of its batch


Plan = Callable[[Envelope], list[Write]]


def live_handlers(plans: dict[str, Plan]) -> dict:
    """Consumer handlers (shared.consumer) that run each event's writes in turn."""

    def handler(plan: Plan):
        async def apply(session, envelope: Envelope) -> None:
            for write in plan(envelope):
                await session.execute(write.statement, write.params)
            advance_watermark(session, envelope)
        return apply

    return {event_type: handler(plan) for event_type, plan in plans.items()}


def batch_handler(plans: dict[str, Plan]):
    """The live consumer's batch handler (shared.consumer): the rebuild's grouped writes."""

    async def apply(session, envelopes: Sequence[Envelope]) -> None:
        await apply_batch(session, plans, envelopes)
    return apply


async def apply_batch(session, plans: dict[str, Plan], envelopes: Sequence[Envelope]) -> None:
    """Every event's writes, each statement run once for all its rows (executemany) in the
    order statements first appear; an `ordered` write first flushes everything before it."""
    pending: dict[Any, list[dict]] = {}

    async def flush() -> None:
        for statement, rows in pending.items():
            await session.execute(statement, rows)
        pending.clear()

    for envelope in envelopes:
        for write in plans[envelope.event_type](envelope):
            rows = write.params if isinstance(write.params, list) else [write.params]
            if write.ordered:
                await flush()
                await session.execute(write.statement, rows)
            elif rows:
                pending.setdefault(write.statement, []).extend(rows)
        advance_watermark(session, envelope)
    await flush()


def read(envelope: Envelope) -> EventPayload:
    """The typed payload, ignoring fields this service does not know yet: a producer may add
    fields before reporting is redeployed (a missing required field still fails loudly)."""
    contract = BY_TYPE.get(envelope.event_type)
    if contract is None:
        raise ValueError(f"unknown event type {envelope.event_type}")
    known = {k: v for k, v in envelope.payload.items() if k in contract.model_fields}
    return contract.model_validate(known)


def advance_watermark(session, envelope: Envelope) -> None:
    """Note that the event is reflected; the regency's watermark row is written once, when the
    transaction commits, rather than once per event of a batch (one hot row, one write)."""
    pending = session.info.setdefault(PENDING_WATERMARKS, {})
    key = (envelope.regency_code, envelope.producer)
    newest, count = pending.get(key, (envelope.occurred_at, 0))
    pending[key] = (max(newest, envelope.occurred_at), count + 1)


@event.listens_for(Session, "before_commit")
def _write_watermarks(session: Session) -> None:
    """One row per (regency, producer): each consumer reads one producer's topic, so consumers
    never wait on each other's row lock; keys in order, so transactions never deadlock."""
    pending = session.info.pop(PENDING_WATERMARKS, None)
    for (regency_code, producer), (newest_at, count) in sorted((pending or {}).items()):
        session.execute(WATERMARK, {"regency_code": regency_code, "source": producer, "newest_event_at": newest_at,
                                    "events_applied": count})


@event.listens_for(Session, "after_soft_rollback")
def _forget_watermarks(session: Session, _previous) -> None:
    session.info.pop(PENDING_WATERMARKS, None)


def upsert_statement(model, key: str | Sequence[str], columns: Sequence[str],
                     changes: Callable[[Table, Any], dict] | None = None):
    """`INSERT .. ON CONFLICT (key) DO UPDATE`, built once per handler and executed with a dict
    of `columns`: building the statement per event cost more than running it. `changes(table,
    excluded)` gives the SET clause; by default every non-key column takes the new value."""
    table = model.__table__
    keys = [key] if isinstance(key, str) else list(key)
    stmt = insert(table).values({c: bindparam(c, type_=table.c[c].type) for c in columns})
    set_ = changes(table, stmt.excluded) if changes else {c: stmt.excluded[c] for c in columns if c not in keys}
    if not set_:
        return stmt.on_conflict_do_nothing(index_elements=keys)
    return stmt.on_conflict_do_update(index_elements=keys, set_=set_)


def keep(table: Table, excluded, column: str):
    """In an upsert: keep the stored value when there is one (first writer wins)."""
    return func.coalesce(table.c[column], excluded[column])


def newest(table: Table, excluded, column: str, at: str):
    """In an upsert: take the new value only when its event (time in `at`) is not older."""
    return case((table.c[at].is_(None) | (table.c[at] <= excluded[at]), excluded[column]), else_=table.c[column])


WATERMARK = upsert_statement(
    RegencyWatermark, ("regency_code", "source"), ("regency_code", "source", "newest_event_at", "events_applied"),
    lambda t, ex: {"newest_event_at": func.greatest(t.c.newest_event_at, ex.newest_event_at),
                   "events_applied": t.c.events_applied + ex.events_applied})
