"""Audit by person (docs/API.md §14): one `audit_log` table in every service's database.

Who acted is known once per request: the auth dependency (shared/auth.py) puts the `Client` (with
its `Person` for a Bearer token) and the stated purpose into context variables. Rows are written
in the caller's transaction, so an audit row exists exactly when the act it describes committed:
- every decision: `shared.outbox.add_event` records the event it writes (action = event type,
  subject = the aggregate id) when a request's client is known, in the same statement as the outbox
  row (`event_audit`; a hot write folds both into its own statement, see `shared.outbox.one_statement`);
- every read or export of personal data: the service calls `record_reads` (registry does);
- every read of the audit list itself (`audit_router`).

Purpose: header `X-Lindung-Purpose` (or an endpoint's `purpose` query parameter). A person reading
personal data must state one (422 `purpose-required` otherwise); systems keep their fixed purposes."""
from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable

import structlog
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    MetaData,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import insert_row, row_params
from shared.problems import Problem

PURPOSE_HEADER = "x-lindung-purpose"
DEFAULT_PURPOSES = {None, "", "lookup"}  # what an endpoint assumes when the caller said nothing

metadata = MetaData()
audit_log = Table(
    "audit_log", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("action", Text, nullable=False),
    Column("subject_kind", Text),
    Column("subject_id", Text),
    Column("regency_code", Text),
    Column("person_id", Text),
    Column("person_name", Text),
    Column("person_nip", Text),
    Column("client", Text, nullable=False),
    Column("client_id", Text),
    Column("request_id", Text),
    Column("purpose", Text),
    Column("detail", JSONB),
    Index("audit_log_person", "person_id", "at"),
    Index("audit_log_subject", "subject_id", "at"),
    Index("audit_log_at", "at", "id"),
)

_client: contextvars.ContextVar = contextvars.ContextVar("lindung_audit_client", default=None)
_purpose: contextvars.ContextVar[str | None] = contextvars.ContextVar("lindung_audit_purpose", default=None)


class PurposeRequired(Problem):
    status, slug, title = 422, "purpose-required", "Purpose required"


def create_audit_table(bind) -> None:
    """Called from a migration of each service."""
    metadata.create_all(bind=bind, tables=[audit_log])


def request_scope() -> tuple:
    """Start of a request: nobody acts yet (tokens to restore the outer context afterwards)."""
    return _client.set(None), _purpose.set(None)


def end_request_scope(tokens: tuple) -> None:
    _client.reset(tokens[0])
    _purpose.reset(tokens[1])


def bind_request(client, purpose: str | None) -> None:
    """Set by the auth dependency: who acts in this request, and why they said they do."""
    _client.set(client)
    _purpose.set(purpose.strip()[:500] if purpose else None)


def current_client():
    return _client.get()


def _request_id() -> str | None:
    return structlog.contextvars.get_contextvars().get("request_id")


def _row(client, *, action: str, subject_kind: str | None, subject_id, regency_code: str | None,
         purpose: str | None, detail: dict | None) -> dict:
    person = client.person
    return {"action": action, "subject_kind": subject_kind, "subject_id": str(subject_id) if subject_id else None,
            "regency_code": regency_code, "person_id": person.id if person else None,
            "person_name": person.name if person else None, "person_nip": person.nip if person else None,
            "client": client.name, "client_id": person.client_id if person else client.name,
            "request_id": _request_id(), "purpose": purpose, "detail": detail}


AUDIT_COLUMNS = ("action", "subject_kind", "subject_id", "regency_code", "person_id", "person_name", "person_nip",
                 "client", "client_id", "request_id", "purpose", "detail")


def audit_row(*, prefix: str = "audit_", gate=None):
    """The one way an audit row is written, as a statement built once (`shared.db.insert_row`):
    executed by `record`, or folded by a caller into its own statement with `gate`."""
    return insert_row(audit_log, AUDIT_COLUMNS, prefix=prefix, gate=gate)


_RECORD = audit_row()


async def record(session: AsyncSession, client, *, action: str, subject_kind: str | None = None,
                 subject_id=None, regency_code: str | None = None, purpose: str | None = None,
                 detail: dict | None = None) -> None:
    await session.execute(_RECORD, row_params(_row(
        client, action=action, subject_kind=subject_kind, subject_id=subject_id, regency_code=regency_code,
        purpose=purpose or _purpose.get(), detail=detail), "audit_"))


def event_audit(*, event_type: str, aggregate_id: str, regency_code: str, prefix: str) -> dict | None:
    """For the outbox (`shared.outbox.event_params`): the parameters of the audit row of the decision
    an event states, by the request's client; None when nobody acts (consumers)."""
    client = _client.get()
    if client is None:
        return None
    return row_params(_row(client, action=event_type, subject_kind="aggregate", subject_id=aggregate_id,
                           regency_code=regency_code, purpose=_purpose.get(), detail=None), prefix)


def purpose_for_personal_data(client, given: str | None) -> str:
    """The purpose recorded for a read of personal data; a person must state one."""
    stated = _purpose.get() or (given if given not in DEFAULT_PURPOSES else None)
    if client.person is not None and not stated:
        raise PurposeRequired("A person reading personal data must state the purpose in the X-Lindung-Purpose "
                              "header (tujuan akses data pribadi wajib diisi)",
                              errors=[{"field": "X-Lindung-Purpose", "message": "required"}])
    return stated or given or "lookup"


async def record_reads(session: AsyncSession, client, subjects: Iterable, *, subject_kind: str, purpose: str | None,
                       fields: list[str], regency_code: str | None = None, action: str = "personal_data.read") -> None:
    """One row per person whose personal data the client is about to receive."""
    why = purpose_for_personal_data(client, purpose)
    rows = [_row(client, action=action, subject_kind=subject_kind, subject_id=s, regency_code=regency_code,
                 purpose=why, detail={"fields": list(fields)}) for s in subjects]
    if rows:
        await session.execute(_RECORD, [row_params(row, "audit_") for row in rows])


def utc_day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
