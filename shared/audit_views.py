"""`GET /v1/audit`: the audit trail of this service for `admin`/`audit:read` clients, filterable by
person, subject, action, regency and date (docs/API.md §13 paging, oldest first); every read of it is
itself an audit row."""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import select

from shared.audit import audit_log, record, utc_day_start
from shared.auth import ALL, Client, require_any
from shared.bounds import AsOfDate
from shared.paging import encode_cursor, only_params, single_key

FILTERS = {"person", "subject", "action", "regency_code", "from", "to"}


class AuditRow(BaseModel):
    id: int
    at: dt.datetime
    action: str
    subject_kind: str | None
    subject_id: str | None
    regency_code: str | None
    person_id: str | None
    person_name: str | None
    person_nip: str | None
    client: str
    client_id: str | None
    request_id: str | None
    purpose: str | None
    detail: dict | None


class AuditPage(BaseModel):
    items: list[AuditRow]
    next_cursor: str | None


def _query(client: Client, *, person, subject, action, regency_code, since, until, after: int, limit: int):
    q = select(audit_log).where(audit_log.c.id > after).order_by(audit_log.c.id).limit(limit + 1)
    if not client.all_regencies:
        q = q.where(audit_log.c.regency_code.in_(client.regencies - {ALL}))
    for column, value in ((audit_log.c.person_id, person), (audit_log.c.subject_id, subject),
                          (audit_log.c.action, action), (audit_log.c.regency_code, regency_code)):
        if value is not None:
            q = q.where(column == value)
    if since:
        q = q.where(audit_log.c.at >= utc_day_start(since))
    if until:
        q = q.where(audit_log.c.at < utc_day_start(until + dt.timedelta(days=1)))
    return q


router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=AuditPage, description=(
        "Audit rows of this service, oldest first. Filters: `person` (person id), `subject` (subject id), `action`, "
        "`regency_code`, `from`/`to` (dates, inclusive). Needs `admin` or `audit:read`; a client limited to some "
        "regencies sees their rows only. Reading the audit is audited."))
async def list_audit(request: Request, person: str | None = Query(default=None, max_length=200),
                     subject: str | None = Query(default=None, max_length=200),
                     action: str | None = Query(default=None, max_length=200),
                     regency_code: str | None = Query(default=None, pattern=r"^\d{4}$"),
                     since: AsOfDate | None = Query(default=None, alias="from"),
                     until: AsOfDate | None = Query(default=None, alias="to"),
                     limit: int = Query(default=50, ge=1, le=500),
                     cursor: str | None = Query(default=None, max_length=200),
                     client: Client = Depends(require_any("admin", "audit:read"))) -> AuditPage:
    only_params(request, FILTERS)
    if regency_code:
        client.require_regency(regency_code)
    after = single_key(cursor, int) if cursor else 0
    filters = {"person": person, "subject": subject, "action": action, "regency_code": regency_code,
               "from": since.isoformat() if since else None, "to": until.isoformat() if until else None}
    async with request.app.state.runtime.sessions() as session, session.begin():
        rows = (await session.execute(_query(client, person=person, subject=subject, action=action,
                                             regency_code=regency_code, since=since, until=until,
                                             after=after, limit=limit))).mappings().all()
        await record(session, client, action="audit.read", regency_code=regency_code,
                     detail={k: v for k, v in filters.items() if v is not None})
    page = [AuditRow(**row) for row in rows[:limit]]
    return AuditPage(items=page, next_cursor=encode_cursor([page[-1].id]) if len(rows) > limit else None)
