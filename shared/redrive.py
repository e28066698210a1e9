"""Redrive: re-apply chosen dead letters after the defect that stopped them is fixed.

`python -m <service> redrive --dead-letter-id 12 [13 ...]` or `--all-for-consumer NAME`
(`--by WHO` names the operator; default the OS user). Each letter is applied in its own
transaction exactly as the consumer would have (inbox row, then the handler): the inbox row the
consumer wrote with outcome `dead_lettered` is taken over (`processed`), so a letter is applied at
most once however often the command runs, and an event the consumer later applied is not applied
twice. Every attempt, applied or failed again, is recorded in `dead_letter_redrives` (who, when,
which letter, outcome, error class): the audit of the redrive."""
from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import BigInteger, Column, DateTime, MetaData, Table, Text, Uuid, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from shared.events import Envelope, correlation_id_var
from shared.logging import get_logger
from shared.messaging import dead_letters, inbox

log = get_logger("redrive")
metadata = MetaData()
APPLIED, FAILED, SKIPPED = "applied", "failed", "skipped"

redrives = Table(
    "dead_letter_redrives", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("dead_letter_id", BigInteger, nullable=False, index=True),
    Column("consumer", Text, nullable=False),
    Column("event_id", Uuid),
    Column("outcome", Text, nullable=False),
    Column("error_type", Text),
    Column("redriven_by", Text, nullable=False),
    Column("redriven_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def create_redrive_table(bind) -> None:
    """Called from each service's migration."""
    redrives.create(bind=bind, checkfirst=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    chosen = parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--dead-letter-id", type=int, nargs="+", help="the dead_letters ids to re-apply")
    chosen.add_argument("--all-for-consumer", help="every dead letter of this consumer not applied yet")
    parser.add_argument("--by", default=None, help="who runs the redrive (audit); default: the OS user")


async def redrive(runtime, subscriptions, args: argparse.Namespace) -> dict[str, int]:
    """Re-apply the chosen letters; returns the count per outcome (also printed)."""
    handlers = {s.name: s.handlers for s in subscriptions}
    by = args.by or getpass.getuser()
    counts = {APPLIED: 0, FAILED: 0, SKIPPED: 0}
    for letter in await _chosen(runtime.sessions, args):
        outcome = await _redrive_one(runtime.sessions, letter, handlers.get(letter.consumer, {}), by)
        counts[outcome] += 1
    print(f"redrive: {counts[APPLIED]} applied, {counts[FAILED]} failed again, {counts[SKIPPED]} skipped",
          file=sys.stderr)
    return counts


async def _chosen(sessions, args) -> list:
    """The letters asked for; with --all-for-consumer only those no redrive has applied yet."""
    query = select(dead_letters).order_by(dead_letters.c.id)
    if args.dead_letter_id:
        query = query.where(dead_letters.c.id.in_(args.dead_letter_id))
    else:
        applied = select(redrives.c.dead_letter_id).where(redrives.c.outcome == APPLIED)
        query = query.where(dead_letters.c.consumer == args.all_for_consumer, dead_letters.c.id.not_in(applied))
    async with sessions() as session:
        return list((await session.execute(query)).all())


async def _redrive_one(sessions, letter, handlers: dict, by: str) -> str:
    envelope = _envelope(letter.raw)
    handler = handlers.get(envelope.event_type) if envelope else None
    if handler is None:  # malformed, or an event type this consumer no longer handles
        await _record(sessions, letter, SKIPPED, by, None)
        return SKIPPED
    try:
        async with sessions() as session, session.begin():
            if not await _take_over_inbox(session, letter.consumer, envelope):
                outcome = SKIPPED  # already processed (by the consumer or an earlier redrive)
            else:
                correlation_id_var.set(envelope.correlation_id)
                await handler(session, envelope)
                outcome = APPLIED
            await session.execute(insert(redrives).values(
                dead_letter_id=letter.id, consumer=letter.consumer, event_id=envelope.event_id, outcome=outcome,
                redriven_by=by))
        log.info("dead_letter_redriven", dead_letter_id=letter.id, consumer=letter.consumer, outcome=outcome)
        return outcome
    except Exception as exc:  # noqa: BLE001 - still failing: recorded, the letter stays for a later redrive
        await _record(sessions, letter, FAILED, by, type(exc).__name__)
        log.warning("dead_letter_redrive_failed", dead_letter_id=letter.id, error_type=type(exc).__name__)
        return FAILED


async def _take_over_inbox(session, consumer: str, envelope: Envelope) -> bool:
    """Claim the event for this consumer: a new inbox row, or the consumer's `dead_lettered` one."""
    row = pg_insert(inbox).values(consumer=consumer, event_id=envelope.event_id, event_type=envelope.event_type,
                                  regency_code=envelope.regency_code, occurred_at=envelope.occurred_at,
                                  outcome="processed")
    claimed = await session.execute(row.on_conflict_do_update(
        index_elements=[inbox.c.consumer, inbox.c.event_id], set_={"outcome": "processed", "processed_at": func.now()},
        where=inbox.c.outcome == "dead_lettered").returning(inbox.c.event_id))
    return claimed.first() is not None


async def _record(sessions, letter, outcome: str, by: str, error_type: str | None) -> None:
    async with sessions() as session, session.begin():
        await session.execute(insert(redrives).values(
            dead_letter_id=letter.id, consumer=letter.consumer, event_id=letter.event_id, outcome=outcome,
            error_type=error_type, redriven_by=by))


def _envelope(raw: str) -> Envelope | None:
    try:
        return Envelope.model_validate_json(raw)
    except ValueError:
        return None
