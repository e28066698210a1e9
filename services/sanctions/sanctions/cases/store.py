"""Loading and saving cases. Saving a transition writes, in the caller's transaction: the case,
a history row (who, what, with which evidence), the clearance read model (the sanction in force,
or none) and the transition's events in the outbox."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from sanctions.cases.models import CLOSED_STATES, CaseHistory, CaseRecord, case_numbers
from sanctions.clearance.models import ActiveSanctionRow, KnownEmployer
from sanctions.domain import Case, Evidence, Subject, Transition, active_sanction
from sanctions.domain.deadlines import ESCALATING_STATES
from shared.events.contracts import BY_TYPE
from shared.outbox import add_event


async def lock(session: AsyncSession, case_id: uuid.UUID) -> CaseRecord | None:
    return (await session.execute(select(CaseRecord).where(CaseRecord.id == case_id).with_for_update())).scalar()


async def lock_open(session: AsyncSession, regency_code: str, subject: Subject, violation: str) -> CaseRecord | None:
    """The open case of a subject for a violation (at most one: a unique partial index)."""
    return (await session.execute(select(CaseRecord).where(
        CaseRecord.regency_code == regency_code, CaseRecord.subject_kind == subject.kind,
        CaseRecord.subject_id == subject.id, CaseRecord.violation == violation,
        CaseRecord.state.not_in(CLOSED_STATES)).with_for_update())).scalar()


async def lock_open_of_employer(session: AsyncSession, regency_code: str, employer_id: uuid.UUID) -> list[CaseRecord]:
    return list((await session.execute(select(CaseRecord).where(
        CaseRecord.regency_code == regency_code, CaseRecord.employer_id == employer_id,
        CaseRecord.state.not_in(CLOSED_STATES)).order_by(CaseRecord.opened_on, CaseRecord.number)
        .with_for_update())).scalars())


async def next_number(session: AsyncSession, regency_code: str, on: dt.date) -> str:
    serial = (await session.execute(select(case_numbers.next_value()))).scalar_one()
    return f"SAN/{regency_code}/{on.year}/{serial:06d}"


def case_of(record: CaseRecord) -> Case:
    return Case.from_dict(record.data)


def new_record(case: Case, employer_id: uuid.UUID | None) -> CaseRecord:
    return CaseRecord(id=uuid.UUID(case.id), number=case.number, regency_code=case.regency_code,
                      employer_id=employer_id, subject_kind=case.subject.kind, subject_id=case.subject.id,
                      violation=case.violation, opened_on=case.opened_on, state=case.state.value, data={})


async def save(session: AsyncSession, record: CaseRecord, transition: Transition, *, actor: str,
               evidence: Evidence | None = None, attachments=None) -> None:
    case = transition.case
    record.data, record.state, record.next_deadline = case.to_dict(), case.state.value, _next_deadline(case)
    record.subject_kind = case.subject.kind  # imposing may correct it from the registry's word (subject_now)
    record.updated_at = func.now()
    await session.flush()
    session.add(CaseHistory(case_id=record.id, actor=actor, action=transition.decision.action,
                            outcome=transition.decision.outcome, decision=transition.decision.to_dict(),
                            evidence=_evidence_record(evidence, attachments)))
    await _keep_clearance_current(session, record, case)
    for event in transition.events:
        payload = {k: v for k, v in event.payload.items() if k != "regency_code"}  # the envelope carries it
        await add_event(session, BY_TYPE[event.name].model_validate(payload), regency_code=case.regency_code)


def _next_deadline(case: Case) -> dt.date | None:
    step = case.current_step
    if step is None or step.escalated or case.state not in ESCALATING_STATES:
        return None
    return step.deadline


def _evidence_record(evidence: Evidence | None, attachments) -> dict | None:
    if evidence is None and attachments is None:
        return None
    return {**(evidence.to_dict() if evidence else {}), **({"attachments": attachments} if attachments else {})}


async def _keep_clearance_current(session: AsyncSession, record: CaseRecord, case: Case) -> None:
    sanction = active_sanction(case)
    if sanction is None or record.employer_id is None:
        await session.execute(delete(ActiveSanctionRow).where(ActiveSanctionRow.case_id == record.id))
        return
    stmt = insert(ActiveSanctionRow).values(case_id=record.id, regency_code=case.regency_code,
                                            employer_id=record.employer_id, data=sanction.to_dict())
    await session.execute(stmt.on_conflict_do_update(index_elements=[ActiveSanctionRow.case_id],
                                                     set_={"data": stmt.excluded.data}))


async def note_employer(session: AsyncSession, employer_id: uuid.UUID, regency_code: str) -> None:
    """An employer named in a finding is known from then on (clearance says so), NIB unknown."""
    await session.execute(insert(KnownEmployer).values(employer_id=employer_id, regency_code=regency_code)
                          .on_conflict_do_nothing())


async def remember_employer(session: AsyncSession, employer_id: uuid.UUID, regency_code: str, *,
                            nib: str | None = None, kind: str | None = None, name: str | None = None) -> None:
    """Upsert what the registry says of an employer; a value not given keeps the one on file."""
    stmt = insert(KnownEmployer).values(employer_id=employer_id, regency_code=regency_code, nib=nib, kind=kind,
                                          name=name)
    await session.execute(stmt.on_conflict_do_update(index_elements=[KnownEmployer.employer_id], set_={
        "regency_code": stmt.excluded.regency_code,
        "nib": func.coalesce(stmt.excluded.nib, KnownEmployer.nib),
        "kind": func.coalesce(stmt.excluded.kind, KnownEmployer.kind),
        "name": func.coalesce(stmt.excluded.name, KnownEmployer.name),
        "updated_at": func.now()}))


async def employer_regency(session: AsyncSession, employer_id: uuid.UUID) -> str | None:
    """The regency of a known employer (None: never announced nor named)."""
    return (await session.execute(select(KnownEmployer.regency_code)
                                  .where(KnownEmployer.employer_id == employer_id))).scalar()


async def employer_kind(session: AsyncSession, employer_id: uuid.UUID) -> str | None:
    return (await session.execute(select(KnownEmployer.kind).where(KnownEmployer.employer_id == employer_id))).scalar()
