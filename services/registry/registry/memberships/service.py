"""Membership handlers: start (one version-1 row per programme), terminate (a new version of
each open membership), history, and the reconciliation with BPJS sync rows. The participant
row is locked first, so two concurrent requests for one person decide one after the other."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.bpjs.models import BpjsMembership
from registry.complaints.models import TerminationContest
from registry.domain.memberships import (
    BPJS_INACTIVE,
    BpjsReport,
    Membership,
    MembershipRequest,
    TerminationRequest,
    active_memberships,
    reconcile_with_bpjs,
    start_memberships,
    terminate,
)
from registry.idempotency import Idempotency
from registry.memberships.models import MembershipVersion
from registry.memberships.schemas import MembershipIn, TerminationIn
from registry.participants.models import Participant
from registry.participants.service import visible_participant
from shared.auth import Client
from shared.events.registry import MembershipStarted, MembershipTerminated
from shared.outbox import add_event
from shared.problems import InvalidInput

REGISTRY, BPJS_SYNC = "registry", "bpjs_sync"


def as_domain(row: MembershipVersion) -> Membership:
    return Membership(str(row.membership_id), row.programme, row.start_date, row.funding, row.end_date,
                      row.end_reason, row.decree_number, row.version)


async def history(session: AsyncSession, participant_id: uuid.UUID) -> list[MembershipVersion]:
    return list((await session.execute(select(MembershipVersion).where(
        MembershipVersion.participant_id == participant_id).order_by(MembershipVersion.row_id))).scalars())


async def start(sessions: async_sessionmaker, client: Client, participant_id: uuid.UUID, body: MembershipIn,
                idempotency_key: str | None, *, today: dt.date) -> tuple[int, dict]:
    idempotency = Idempotency(client, idempotency_key, f"POST /v1/participants/{participant_id}/memberships",
                              body.model_dump(mode="json"))
    async with sessions() as session, session.begin():
        participant = await visible_participant(session, client, participant_id, for_update=True)
        if (replay := await idempotency.claim(session)) is not None:
            return replay
        rows = await history(session, participant.id)
        decision = start_memberships(
            MembershipRequest(body.programs, body.start_date, body.funding), worker_type=participant.worker_type,
            existing=[as_domain(r) for r in rows], programmes_run=profiles.require_programmes_run(
                participant.regency_code, today), registry=profiles.registry_profile(participant.regency_code),
            as_of=today, birth_date=participant.birth_date)
        if decision.errors:
            raise InvalidInput.fields(decision.errors)
        enrollment = await record_start(session, participant, decision.started, source=REGISTRY,
                                        recorded_by=client.name)
        response = {"membership_id": str(enrollment), "participant_id": str(participant.id),
                    "programs": [m.programme for m in decision.started], "start_date": body.start_date.isoformat(),
                    "funding": body.funding, "memberships": [{"id": m.id, "programme": m.programme, "version": 1}
                                                             for m in decision.started],
                    "citations": [str(c) for c in decision.citations]}
        await idempotency.remember(session, 201, response)
    return 201, response


async def record_start(session: AsyncSession, participant: Participant, started: Sequence[Membership], *,
                       source: str, recorded_by: str) -> uuid.UUID:
    enrollment = uuid.uuid4()
    session.add_all([MembershipVersion(
        membership_id=uuid.UUID(m.id), version=m.version, enrollment_id=enrollment, participant_id=participant.id,
        regency_code=participant.regency_code, programme=m.programme, start_date=m.start_date, funding=m.funding,
        source=source, recorded_by=recorded_by) for m in started])
    first = started[0]
    await add_event(session, MembershipStarted(
        participant_id=participant.id, membership_id=enrollment, programs=[m.programme for m in started],
        start_date=first.start_date, funding=first.funding, source=source), regency_code=participant.regency_code)
    return enrollment


async def terminate_memberships(sessions: async_sessionmaker, client: Client, participant_id: uuid.UUID,
                                body: TerminationIn) -> dict:
    async with sessions() as session, session.begin():
        participant = await visible_participant(session, client, participant_id, for_update=True)
        rows = await history(session, participant.id)
        decision = terminate(TerminationRequest(body.reason, body.effective_date, body.decree_number),
                             existing=[as_domain(r) for r in rows],
                             registry=profiles.registry_profile(participant.regency_code))
        if decision.errors:
            raise InvalidInput.fields(decision.errors)
        enrollments = await record_closing(session, participant, rows, decision.closed, reason=decision.reason.id,
                                           effective_date=body.effective_date, decree_number=body.decree_number,
                                           source=REGISTRY, recorded_by=client.name)
        return {"participant_id": str(participant.id), "membership_ids": [str(e) for e in enrollments],
                "closed": [{"id": m.id, "programme": m.programme, "version": m.version, "end_date": m.end_date}
                           for m in decision.closed],
                "reason": decision.reason.id, "reason_label": decision.reason.label,
                "notify": list(decision.notify), "citations": [str(c) for c in decision.citations]}


async def record_closing(session: AsyncSession, participant: Participant, rows: Sequence[MembershipVersion],
                         closed: Sequence[Membership], *, reason: str, effective_date: dt.date,
                         decree_number: str | None, source: str, recorded_by: str) -> list[uuid.UUID]:
    """Append the closing versions and emit MembershipTerminated naming the enrollments."""
    enrollment_of = {str(r.membership_id): r.enrollment_id for r in rows}
    session.add_all([MembershipVersion(
        membership_id=uuid.UUID(m.id), version=m.version, enrollment_id=enrollment_of[m.id],
        participant_id=participant.id, regency_code=participant.regency_code, programme=m.programme,
        start_date=m.start_date, funding=m.funding, end_date=m.end_date, end_reason=m.end_reason,
        decree_number=m.decree_number, source=source, recorded_by=recorded_by) for m in closed])
    enrollments = list(dict.fromkeys(enrollment_of[m.id] for m in closed))
    await add_event(session, MembershipTerminated(
        participant_id=participant.id, membership_ids=enrollments, reason=reason, effective_date=effective_date,
        decree_number=decree_number or None), regency_code=participant.regency_code)
    return enrollments


async def apply_bpjs_report(session: AsyncSession, participant: Participant, report: BpjsReport, *,
                            today: dt.date, recorded_by: str) -> None:
    """Bring a registered participant's history in line with BPJS (inside the sync chunk's
    transaction): MembershipStarted / MembershipTerminated with source bpjs_sync."""
    rows = await history(session, participant.id)
    outcome = reconcile_with_bpjs(report, existing=[as_domain(r) for r in rows], worker_type=participant.worker_type,
                                  today=today)
    if outcome.started:
        await record_start(session, participant, outcome.started, source=BPJS_SYNC, recorded_by=recorded_by)
    if outcome.closed:
        await record_closing(session, participant, rows, outcome.closed, reason=BPJS_INACTIVE,
                             effective_date=outcome.effective_date, decree_number=None, source=BPJS_SYNC,
                             recorded_by=recorded_by)


async def list_history(sessions: async_sessionmaker, client: Client, participant_id: uuid.UUID, *,
                       today: dt.date) -> dict:
    async with sessions() as session, session.begin():
        participant = await visible_participant(session, client, participant_id)
        rows = await history(session, participant.id)
        bpjs = await session.get(BpjsMembership, participant.nik_index)  # linked by the NIK's blind index
        contests = list((await session.execute(select(TerminationContest).where(
            TerminationContest.participant_id == participant.id).order_by(TerminationContest.created_at))).scalars())
    active = active_memberships([as_domain(r) for r in rows], today)
    contested = {c.membership_id: str(c.id) for c in contests if c.membership_id is not None}
    return {"participant_id": str(participant.id),
            "items": [{**_row(r), "contested_by": contested.get(r.enrollment_id) if r.end_date else None}
                      for r in rows],
            "active": [{"id": m.id, "programme": m.programme, "start_date": m.start_date, "funding": m.funding}
                       for m in active],
            "bpjs": _bpjs(bpjs), "contests": [_contest(c) for c in contests]}


def _contest(c: TerminationContest) -> dict:
    """A contest recorded on a termination (or on a recommended one), with its article and complaint."""
    return {"id": str(c.id), "target": c.target, "membership_id": str(c.membership_id) if c.membership_id else None,
            "reason": c.reason, "quarter": c.quarter, "received_on": c.received_on, "citation": c.citation,
            "complaint_id": str(c.complaint_id)}


def _row(r: MembershipVersion) -> dict:
    return {"membership_id": str(r.membership_id), "version": r.version, "enrollment_id": str(r.enrollment_id),
            "programme": r.programme, "start_date": r.start_date, "funding": r.funding, "end_date": r.end_date,
            "end_reason": r.end_reason, "decree_number": r.decree_number, "source": r.source,
            "recorded_at": r.recorded_at}


def _bpjs(record) -> dict | None:
    if record is None:
        return None
    return {"kpj_number": record.kpj_number, "programs": list(record.programs), "status": record.status,
            "start_date": record.start_date, "end_date": record.end_date, "batch_id": record.batch_id,
            "synced_at": record.updated_at}
