"""Transactional outbox: an event is written in the same transaction as the state change it
describes. Nothing is published here; the relay publishes committed rows.

An event is two rows written by one statement: its outbox row and, when a request's client acts,
its audit row (`shared.audit`). `event_writes` gives them as statements (built once, executed with
`event_params`) and `one_statement` folds statements into a single `WITH ... SELECT`
(data-modifying CTEs), so a hot write can put its own rows, its conditional updates and its events
into one round trip; `add_event` is exactly that for a lone event. The statement also NOTIFYs `OUTBOX_CHANNEL` when
it wrote an outbox row: PostgreSQL delivers the notification at commit, waking the relay at once
instead of it polling (shared/relay.py); several in one transaction are folded into one."""
from __future__ import annotations

import functools
from typing import NamedTuple

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import CTE

from shared.approvals.context import stamp
from shared.audit import audit_row, event_audit
from shared.db import insert_row, row_params
from shared.events import EventPayload, envelope_for, key_of, topic_for
from shared.events.envelope import Envelope
from shared.messaging import outbox

OUTBOX_CHANNEL = "lindung_outbox"  # per database, and every service has its own database


OUTBOX_COLUMNS = ("event_id", "event_type", "topic", "message_key", "regency_code", "envelope")


class EventRow(NamedTuple):
    envelope: Envelope
    params: dict  # of the statements `event_writes(audited=...)` builds, with the same prefix
    audited: bool  # a client acts: the event has an audit row


def event_params(payload: EventPayload, *, regency_code: str, prefix: str = "event_") -> EventRow:
    """The event's envelope and the values of its rows (outbox row, audit row when a client acts)."""
    envelope = envelope_for(stamp(payload), regency_code=regency_code)
    key = key_of(payload)
    params = row_params({"event_id": envelope.event_id, "event_type": envelope.event_type,
                         "topic": topic_for(payload.producer), "message_key": key, "regency_code": regency_code,
                         "envelope": envelope.to_json_dict()}, prefix)
    # the decision this event states, by the person/system of the current request (audit by person)
    audit = event_audit(event_type=envelope.event_type, aggregate_id=key, regency_code=regency_code,
                        prefix=prefix + "audit_")
    return EventRow(envelope, {**params, **(audit or {})}, audit is not None)


def event_writes(*, audited: bool, prefix: str = "event_", gate=None) -> list:
    """The statements that write an event (its outbox row, and its audit row if `audited`), built
    once and executed with `event_params`; with `gate` (a CTE), only if the gate yields a row."""
    writes = [insert_row(outbox, OUTBOX_COLUMNS, prefix=prefix, gate=gate).returning(outbox.c.id)]
    if audited:
        writes.append(audit_row(prefix=prefix + "audit_", gate=gate))
    return writes


def one_statement(*writes, **results):
    """`writes` (data-modifying statements or CTEs already made of them, in dependency order) as the
    CTEs of one SELECT: PostgreSQL runs each exactly once, read or not. The SELECT answers one row:
    `notified` and each of `results` (name -> a one-column SELECT from a CTE, None when it is empty)."""
    ctes = [w if isinstance(w, CTE) else w.cte(f"write_{i}") for i, w in enumerate(writes)]
    events = [select(c.c.id) for c in ctes if getattr(c.element, "table", None) is outbox]
    columns = [select(func.pg_notify(literal(OUTBOX_CHANNEL), literal("")))
               .select_from(union_all(*events).subquery()).limit(1).scalar_subquery().label("notified")] \
        if events else []
    columns += [query.scalar_subquery().label(name) for name, query in results.items()]
    return select(*columns).add_cte(*ctes)


@functools.cache
def _lone_event(audited: bool):
    return one_statement(*event_writes(audited=audited))


async def add_event(session: AsyncSession, payload: EventPayload, *, regency_code: str) -> Envelope:
    event = event_params(payload, regency_code=regency_code)
    await session.execute(_lone_event(event.audited), event.params)
    return event.envelope


_RAW = one_statement(insert_row(outbox, OUTBOX_COLUMNS, prefix="raw_").returning(outbox.c.id))


async def add_raw(session: AsyncSession, *, topic: str, key: str, envelope: dict, event_type: str,
                  regency_code: str, event_id) -> None:
    """For messages that are not domain events (dead letters): same delivery path."""
    await session.execute(_RAW, row_params({"event_id": event_id, "event_type": event_type, "topic": topic,
                                            "message_key": key, "regency_code": regency_code, "envelope": envelope},
                                           "raw_"))
