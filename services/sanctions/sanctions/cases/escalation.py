"""The overdue-deadline job: every case whose current step's deadline passed moves one rung up
the ladder (SanctionEscalated, and SanctionRequested when it reaches TMP2T). Running it again for
the same date changes nothing: the domain marks a step once it has been escalated past."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from sanctions.cases import store
from sanctions.cases.models import CaseRecord
from sanctions.domain import escalate_overdue
from sanctions.profiles import profile_for

ACTOR = "job:escalate-overdue"


async def escalate_overdue_cases(sessions: async_sessionmaker, as_of: dt.date) -> dict:
    async with sessions() as session:
        due = (await session.execute(select(CaseRecord.id).where(CaseRecord.next_deadline < as_of)
                                     .order_by(CaseRecord.next_deadline, CaseRecord.number))).scalars().all()
    escalated = 0
    for case_id in due:  # one transaction per case: one failure does not hold back the others
        async with sessions() as session, session.begin():
            record = (await session.execute(select(CaseRecord).where(CaseRecord.id == case_id)
                                            .with_for_update(skip_locked=True))).scalar()
            if record is None:  # being changed right now; the next run sees it
                continue
            before = store.case_of(record)
            transition = escalate_overdue(before, as_of, profile_for(record.regency_code))
            if transition.events or transition.case != before:
                await store.save(session, record, transition, actor=ACTOR)
                escalated += bool(transition.events)
    return {"as_of": as_of.isoformat(), "due": len(due), "escalated": escalated}
