"""`GET /v1/cases` (docs/API.md §13): cases of a regency by state, employer, violation and due date,
cursor-paged in the order they were opened; `format=csv` exports the same filter for staff."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from sanctions.cases.models import CaseRecord
from sanctions.domain.case_state import CaseState
from sanctions.profiles import profile_for
from shared.auth import Client
from shared.exports import MAX_EXPORT_ROWS, csv_response
from shared.paging import Paging, keyset, page_of
from shared.vocabularies import check_ids

FILTERS = ("regency_code", "state", "employer_id", "violation", "due_before", "format")
ORDER = (CaseRecord.created_at, CaseRecord.id)


class CaseSummary(BaseModel):
    """One case in a list / satu kasus dalam daftar."""

    id: uuid.UUID
    number: str
    regency_code: str
    employer_id: uuid.UUID | None
    subject_kind: str
    violation: str
    state: str
    opened_on: dt.date
    next_deadline: dt.date | None


def _summary(record: CaseRecord) -> dict[str, Any]:
    return {"id": record.id, "number": record.number, "regency_code": record.regency_code,
            "employer_id": record.employer_id, "subject_kind": record.subject_kind, "violation": record.violation,
            "state": record.state, "opened_on": record.opened_on, "next_deadline": record.next_deadline}


def _filtered(client: Client, regency_code: str, state: str | None, employer_id: uuid.UUID | None,
              violation: str | None, due_before: dt.date | None):
    client.require_regency(regency_code)
    profile = profile_for(regency_code)
    check_ids("state", state, [s.value for s in CaseState], vocabulary="case_states", regency_code=regency_code)
    check_ids("violation", violation, {v.id for v in profile.violations}, vocabulary="violations",
              regency_code=regency_code)
    statement = select(CaseRecord).where(CaseRecord.regency_code == regency_code)
    if state:
        statement = statement.where(CaseRecord.state == state)
    if employer_id:
        statement = statement.where(CaseRecord.employer_id == employer_id)
    if violation:
        statement = statement.where(CaseRecord.violation == violation)
    if due_before:
        statement = statement.where(CaseRecord.next_deadline < due_before)
    return statement


async def list_cases(sessions: async_sessionmaker, client: Client, page: Paging, **filters) -> dict:
    statement = _filtered(client, **filters)
    async with sessions() as session:
        rows = list((await session.execute(keyset(statement, ORDER, page))).scalars())
        total = (await session.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()
    return page_of(rows, page, key=lambda r: (r.created_at, r.id), render=_summary, total=total)


COLUMNS = [("Nomor kasus", lambda r: r.number), ("Kabupaten", lambda r: r.regency_code),
           ("ID pemberi kerja", lambda r: str(r.employer_id or "")), ("Jenis subjek", lambda r: r.subject_kind),
           ("Pelanggaran", lambda r: r.violation), ("Status", lambda r: r.state),
           ("Tanggal dibuka", lambda r: r.opened_on.isoformat()),
           ("Batas waktu berikutnya", lambda r: r.next_deadline.isoformat() if r.next_deadline else "")]


async def export_cases(sessions: async_sessionmaker, client: Client, **filters):
    """Cases hold no personal data (employers by id): the export needs no audit row."""
    statement = _filtered(client, **filters).order_by(*ORDER).limit(MAX_EXPORT_ROWS + 1)
    async with sessions() as session:
        rows = list((await session.execute(statement)).scalars())
    return csv_response(f"kasus-{filters['regency_code']}.csv", COLUMNS, rows[:MAX_EXPORT_ROWS],
                        truncated=len(rows) > MAX_EXPORT_ROWS)
