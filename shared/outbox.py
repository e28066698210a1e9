"""Transactional outbox: an event is written in the same transaction as the state change it
describes. Nothing is published here; the relay publishes committed rows.

The insert also NOTIFYs `OUTBOX_CHANNEL` in the same statement (a data-modifying CTE, so no
extra round trip): PostgreSQL delivers the notification at commit, waking the relay at once
instead of it polling (shared/relay.py); several in one transaction are folded into one."""
from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.approvals.context import stamp
from shared.audit import record_event
from shared.events import EventPayload, envelope_for, key_of, topic_for
from shared.events.envelope import Envelope
from shared.messaging import outbox

OUTBOX_CHANNEL = "lindung_outbox"  # per database, and every service has its own database


def _insert_and_notify(**values):
    inserted = outbox.insert().values(**values).returning(outbox.c.id).cte("inserted")
    return select(func.pg_notify(literal(OUTBOX_CHANNEL), literal(""))).select_from(inserted)


async def add_event(session: AsyncSession, payload: EventPayload, *, regency_code: str) -> Envelope:
    envelope = envelope_for(stamp(payload), regency_code=regency_code)
    await session.execute(_insert_and_notify(
        event_id=envelope.event_id,
        event_type=envelope.event_type,
        topic=topic_for(payload.producer),
        message_key=key_of(payload),
        regency_code=regency_code,
        envelope=envelope.to_json_dict(),
    ))
    # the decision this event states, by the person/system of the current request (audit by person)
    await record_event(session, event_type=envelope.event_type, aggregate_id=key_of(payload),
                       regency_code=regency_code)
    return envelope


async def add_raw(session: AsyncSession, *, topic: str, key: str, envelope: dict, event_type: str,
                  regency_code: str, event_id) -> None:
    """For messages that are not domain events (dead letters): same delivery path."""
    await session.execute(_insert_and_notify(event_id=event_id, event_type=event_type, topic=topic,
                                             message_key=key, regency_code=regency_code, envelope=envelope))
