"""Case handlers: load the case, let the domain decide, save case + history + read model + events
in one transaction. The same finding path serves the API, the registry events and licence checks."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sanctions.cases import store
from sanctions.cases.models import CaseHistory, CaseRecord
from sanctions.cases.refusals import refusal_problem
from sanctions.cases.registry_check import EmployerAnswer, EmployerDirectory
from sanctions.cases.schemas import CaseIn, DecisionIn, EvidenceIn
from sanctions.clock import not_in_future
from sanctions.domain import (
    Evidence,
    Refused,
    SanctionsProfile,
    Subject,
    Transition,
    add_evidence,
    decide,
    fine_account_of,
    open_case,
    proves_something,
    record_finding,
)
from sanctions.domain.vocabulary import UNKNOWN_EMPLOYER
from sanctions.profiles import profile_for
from shared.auth import Client
from shared.problems import InvalidInput, NotFound
from shared.vocabularies import check_ids


@dataclass(frozen=True)
class Finding:
    """A finding about a subject, whoever reports it (a letter, a registry event, a licence check)."""

    regency_code: str
    employer_id: uuid.UUID | None
    subject: Subject
    violation: str
    source: str
    reference: str | None
    on: dt.date
    addressed_to: str | None = None
    copied_to: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Outcome:
    record: CaseRecord
    transition: Transition
    joined: bool


# --- findings: open a case or join the open one ------------------------------------------------------
async def apply_finding(session: AsyncSession, finding: Finding, profile: SanctionsProfile, *, actor: str,
                        attachments=None) -> Outcome:
    """Join the open case of this subject and violation, or open one (raises Refused)."""
    if finding.employer_id is not None:
        await store.note_employer(session, finding.employer_id, finding.regency_code)
    record = await store.lock_open(session, finding.regency_code, finding.subject, finding.violation)
    if record is None:
        try:
            async with session.begin_nested():  # a concurrent finding may open the same case first
                return await _open(session, finding, profile, actor, attachments)
        except IntegrityError:
            record = await store.lock_open(session, finding.regency_code, finding.subject, finding.violation)
    transition = record_finding(store.case_of(record), source=finding.source, reference=finding.reference,
                                on=finding.on, profile=profile, addressed_to=finding.addressed_to,
                                copied_to=finding.copied_to)
    if transition.events:  # none: the same finding was reported again
        await store.save(session, record, transition, actor=actor, evidence=transition.case.evidence[-1],
                         attachments=attachments)
    return Outcome(record, transition, joined=True)


async def _open(session: AsyncSession, finding: Finding, profile: SanctionsProfile, actor: str,
                attachments) -> Outcome:
    transition = open_case(case_id=str(uuid.uuid4()), number=await store.next_number(session, finding.regency_code,
                                                                                       finding.on),
                           regency_code=finding.regency_code, subject=finding.subject, violation=finding.violation,
                           source=finding.source, reference=finding.reference, on=finding.on, profile=profile,
                           addressed_to=finding.addressed_to, copied_to=finding.copied_to)
    record = store.new_record(transition.case, finding.employer_id)
    session.add(record)
    await store.save(session, record, transition, actor=actor, evidence=transition.case.evidence[0],
                     attachments=attachments)
    return Outcome(record, transition, joined=False)


async def subject_of(session: AsyncSession, employer_id: uuid.UUID, kind: str | None = None,
                     participant_id: uuid.UUID | None = None) -> Subject:
    """Who a finding is about: a worker by participant id, else the employer, a state organiser
    when the registry said so (EmployerRegistered kind=state). An employer the registry has not
    described yet is recorded as an employer *not confirmed*: imposing re-checks it (`subject_now`)."""
    if kind == "worker":
        return Subject("worker", str(participant_id))
    if kind is not None:
        return Subject(kind, str(employer_id))
    known = await store.employer_kind(session, employer_id)
    if known is None:
        return Subject("employer", str(employer_id), confirmed=False)
    return Subject("state_employer" if known == "state" else "employer", str(employer_id))


async def subject_now(session: AsyncSession, subject: Subject) -> Subject:
    """The subject as known at the time of a decision (Tabalong Pasal 28(1), Lamandau Pasal 30(1):
    only employers other than state bodies are sanctioned). The registry's word on the employer's
    kind wins over what the case was opened with; an employer it has not described yet is
    `unknown_employer`, on which nothing may be imposed, unless the case already names a state body."""
    if subject.kind == "worker":
        return subject
    known = await store.employer_kind(session, uuid.UUID(subject.id))
    if known is not None:
        return Subject("state_employer" if known == "state" else "employer", subject.id)
    return subject if subject.kind == "state_employer" else Subject(UNKNOWN_EMPLOYER, subject.id, confirmed=False)


async def _refuse_other_regency(session: AsyncSession, employer_id: uuid.UUID, regency_code: str,
                                registry: EmployerAnswer | None) -> None:
    """A case may not name an employer of another regency (docs/API.md §2): by this service's read
    model (EmployerRegistered and earlier findings), or by the registry's answer just received,
    which is then kept in the read model (the subject is confirmed from the start)."""
    regency = await store.employer_regency(session, employer_id)
    if registry is not None and registry.found:
        regency = registry.regency_code
    if regency is not None and regency != regency_code:
        raise InvalidInput.fields([("employer_id", "pemberi kerja terdaftar di kabupaten lain / "
                                                   "the employer belongs to another regency")])
    if registry is not None and registry.found:
        await store.remember_employer(session, employer_id, regency_code, nib=registry.nib, kind=registry.kind,
                                      name=registry.name)


async def _ask_registry(sessions: async_sessionmaker, directory: EmployerDirectory,
                        employer_id: uuid.UUID) -> EmployerAnswer | None:
    """The registry's word on an employer this service has not heard of from it (None: it has, by
    EmployerRegistered). One the registry does not have is a 422 naming employer_id; an unreachable
    registry is an answer too (`reachable` False): the case then opens with the subject unconfirmed,
    as when the registry's event is still on its way. Asked outside the case transaction."""
    async with sessions() as session:
        if await store.employer_kind(session, employer_id) is not None:
            return None
    answer = await directory.employer(employer_id)
    if answer.reachable and not answer.found:
        raise InvalidInput.fields([("employer_id", "pemberi kerja tidak terdaftar di registri / "
                                                   "the registry has no such employer")])
    return answer


def _unconfirmed_note(record: CaseRecord, answer: EmployerAnswer, actor: str) -> CaseHistory:
    """Why the subject stays unconfirmed: the registry could not be asked (kept on the case's history)."""
    return CaseHistory(case_id=record.id, actor=actor, action="employer_check", outcome="registry_unreachable",
                       decision={"employer_id": str(record.employer_id), "reason": answer.reason,
                                 "subject_confirmed": False})


async def report_finding(sessions: async_sessionmaker, client: Client, body: CaseIn,
                         directory: EmployerDirectory) -> tuple[int, dict]:
    """docs/API.md §9 `POST /v1/cases`: 201 for a new case, 200 with `joined: true` for the open one."""
    client.require_regency(body.regency_code)
    profile = profile_for(body.regency_code)
    on = not_in_future(body.date, "date")
    check_ids("violation", body.violation, [v.id for v in profile.violations_on(on)], vocabulary="violations",
              regency_code=body.regency_code)
    if body.copied_to:
        check_ids("copied_to", body.copied_to, profile.agencies, vocabulary="agencies", regency_code=body.regency_code)
    registry = await _ask_registry(sessions, directory, body.employer_id)
    async with sessions() as session, session.begin():
        await _refuse_other_regency(session, body.employer_id, body.regency_code, registry)
        subject = await subject_of(session, body.employer_id, body.subject_kind, body.participant_id)
        finding = Finding(body.regency_code, body.employer_id, subject, body.violation, body.source, body.reference,
                          on, body.addressed_to, tuple(body.copied_to) if body.copied_to is not None else None)
        try:
            outcome = await apply_finding(session, finding, profile, actor=client.name, attachments=body.evidence)
        except Refused as refused:
            raise refusal_problem(refused) from None
        if registry is not None and not registry.reachable:
            session.add(_unconfirmed_note(outcome.record, registry, client.name))
    return (200 if outcome.joined else 201), present(outcome.record, profile, joined=outcome.joined,
                                                     decision=outcome.transition.decision.to_dict())


# --- commands on one case ------------------------------------------------------------------------------
# Each command runs on an open transaction: the direct path and an approved proposal
# (shared.approvals) run the same handler.
async def record_decision(session: AsyncSession, client: Client, case_id: uuid.UUID, body: DecisionIn) -> dict:
    """docs/API.md §9 `POST /v1/cases/{id}/decisions`: impose (422 naming what is missing), reject, lift."""
    on = not_in_future(body.date, "date")
    return await _command(session, client, case_id, lambda case, profile, subject: decide(
        case, decision_kind=body.decision, decree_number=body.decree_number, services=body.services, on=on,
        profile=profile, subject_now=subject), recheck_subject=body.decision == "impose")


async def record_evidence(session: AsyncSession, client: Client, case_id: uuid.UUID, body: EvidenceIn) -> dict:
    """docs/API.md §9 `POST /v1/cases/{id}/evidence`: lifted as soon as every lifting condition holds."""
    evidence = Evidence(body.kind, body.reference, not_in_future(body.date, "date"), deadline=body.deadline,
                        addressed_to=body.addressed_to, amount=body.amount,
                        copied_to=tuple(body.copied_to) if body.copied_to is not None else None)
    return await _command(session, client, case_id,
                          lambda case, profile, _subject: add_evidence(case, evidence, profile), evidence=evidence)


async def regency_of_case(session: AsyncSession, case_id: uuid.UUID) -> str:
    regency = (await session.execute(select(CaseRecord.regency_code).where(CaseRecord.id == case_id))).scalar()
    if regency is None:
        raise NotFound(f"Case {case_id} not found")
    return regency


async def _command(session: AsyncSession, client: Client, case_id: uuid.UUID, command,
                   evidence: Evidence | None = None, recheck_subject: bool = False) -> dict:
    record = await store.lock(session, case_id)
    if record is None:
        raise NotFound(f"Case {case_id} not found")
    client.require_regency(record.regency_code)
    profile = profile_for(record.regency_code)
    before = store.case_of(record)
    current = await subject_now(session, before.subject) if recheck_subject else None
    try:
        transition = command(before, profile, current)
    except Refused as refused:
        raise refusal_problem(refused) from None
    if transition.events or transition.case != before:  # a repeated report changes nothing
        await store.save(session, record, transition, actor=client.name, evidence=evidence)
    return present(record, profile, decision=transition.decision.to_dict())


async def record_compliance(session: AsyncSession, regency_code: str, employer_id: uuid.UUID, evidence: Evidence,
                            *, actor: str) -> None:
    """A proof about an employer (e.g. it registered) goes to each of its open cases waiting for it."""
    profile = profile_for(regency_code)
    for record in await store.lock_open_of_employer(session, regency_code, employer_id):
        if proves_something(store.case_of(record), evidence.kind, profile):
            await prove(session, record, evidence, actor=actor)


async def prove(session: AsyncSession, record: CaseRecord, evidence: Evidence, *, actor: str) -> None:
    """Evidence reported by an event on one (locked) case; a proof it already holds changes nothing."""
    transition = add_evidence(store.case_of(record), evidence, profile_for(record.regency_code))
    if transition.events:
        await store.save(session, record, transition, actor=actor, evidence=evidence)


# --- reading -------------------------------------------------------------------------------------------------
async def get_case(sessions: async_sessionmaker, client: Client, case_id: uuid.UUID) -> dict:
    async with sessions() as session:
        record = await session.get(CaseRecord, case_id)
        if record is None:
            raise NotFound(f"Case {case_id} not found")
        client.require_regency(record.regency_code)
        history = (await session.execute(select(CaseHistory).where(CaseHistory.case_id == case_id)
                                         .order_by(CaseHistory.id))).scalars()
        view = present(record, profile_for(record.regency_code))
        view["history"] = [{"recorded_at": h.recorded_at.isoformat(), "actor": h.actor, "action": h.action,
                            "outcome": h.outcome, "evidence": h.evidence} for h in history]
    return view


def present(record: CaseRecord, profile: SanctionsProfile, **extra) -> dict:
    """The case as the API shows it: the domain's record plus the executing agency of each service."""
    view = {**record.data, "id": str(record.id),
            "employer_id": str(record.employer_id) if record.employer_id else None,
            "next_deadline": record.next_deadline.isoformat() if record.next_deadline else None}
    sanction = view.get("sanction")
    if sanction:
        view["sanction"] = {**sanction, "executing_agencies": {
            service: profile.agency(agency).to_dict() for service, agency in sanction["agencies"].items()}}
    view["active"] = record.state == "imposed"
    # what is still owed of the fine (Lamandau Pasal 32 huruf a, Tabalong Pasal 28(5): lifted only when paid in full)
    view["fine"] = fine_account_of(store.case_of(record), profile).to_dict()
    return {**view, **extra}
