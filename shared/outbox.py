"""Transactional outbox: an event is written in the same transaction as the state change it
describes. Nothing is published here; the relay publishes committed rows.

An event is two rows written by one statement: its outbox row and, when a request's client acts,
its audit row (`shared.audit.event_audit`). `event_writes` gives them as statements and
`one_statement` folds statements into a single `WITH ... SELECT` (data-modifying CTEs), so a hot
write can put its own rows, its conditional updates and its events into one round trip;
`add_event` is exactly that for a lone event. The statement also NOTIFYs `OUTBOX_CHANNEL` when
it wrote an outbox row: PostgreSQL delivers the notification at commit, waking the relay at once
instead of it polling (shared/relay.py); several in one transaction are folded into one."""
from __future__ import annotations

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import CTE

from shared.approvals.context import stamp
from shared.audit import event_audit
from shared.db import insert_row
from shared.events import EventPayload, envelope_for, key_of, topic_for
from shared.events.envelope import Envelope
from shared.messaging import outbox

OUTBOX_CHANNEL = "lindung_outbox"  # per database, and every service has its own database


def event_writes(payload: EventPayload, *, regency_code: str, gate=None) -> tuple[Envelope, list]:
    """The event's envelope and the statements that write it (outbox row, audit row when a client
    acts); with `gate` (a CTE), only if the gate yields a row (`shared.db.insert_row`)."""
    envelope = envelope_for(stamp(payload), regency_code=regency_code)
    key = key_of(payload)
    writes = [insert_row(outbox, {
        "event_id": envelope.event_id, "event_type": envelope.event_type, "topic": topic_for(payload.producer),
        "message_key": key, "regency_code": regency_code, "envelope": envelope.to_json_dict(),
    }, gate=gate).returning(outbox.c.id)]
    # the decision this event states, by the person/system of the current request (audit by person)
    if (audit := event_audit(event_type=envelope.event_type, aggregate_id=key, regency_code=regency_code,
                             gate=gate)) is not None:
        writes.append(audit)
    return envelope, writes


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


async def add_event(session: AsyncSession, payload: EventPayload, *, regency_code: str) -> Envelope:
    envelope, writes = event_writes(payload, regency_code=regency_code)
    await session.execute(one_statement(*writes))
    return envelope


async def add_raw(session: AsyncSession, *, topic: str, key: str, envelope: dict, event_type: str,
                  regency_code: str, event_id) -> None:
    """For messages that are not domain events (dead letters): same delivery path."""
    await session.execute(one_statement(insert_row(outbox, {
        "event_id": event_id, "event_type": event_type, "topic": topic, "message_key": key,
        "regency_code": regency_code, "envelope": envelope}).returning(outbox.c.id)))
