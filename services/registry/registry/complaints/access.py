"""Need-to-know and data subjects' rights (UU 27/2022): the records a complaint names (to whoever
handles it), data-subject requests with their legal deadlines, the access export (what the
registry holds about a NIK, its sources, and who read it, from the audit), and the breach register."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.audit import record_access
from registry.candidates.models import Candidate
from registry.complaints import domain
from registry.complaints.models import Breach, Complaint, DataSubjectRequest
from registry.complaints.schemas import BreachIn, DataSubjectRequestIn
from registry.complaints.service import visible
from registry.employers.models import Employer
from registry.memberships.models import MembershipVersion
from registry.participants import service as participants
from registry.participants.models import Participant
from registry.protection import Vault
from shared.audit import audit_log
from shared.auth import Client
from shared.identifiers import InvalidNIK, mask_nik, parse_nik
from shared.problems import Conflict, InvalidInput, NotFound

# who answers each request: the registry owns participant records; the DPO decides the rest
ROUTES = {"access": "registry", "correction": "registry (pemilik data peserta / participant record owner)",
          "restriction": "pejabat pelindungan data pribadi / DPO", "consent_withdrawal":
          "pejabat pelindungan data pribadi / DPO"}


async def named_records(sessions: async_sessionmaker, vault: Vault, client: Client, complaint_id: uuid.UUID, *,
                        purpose: str, request_id: str | None) -> dict:
    """The records a complaint names, shown to whoever may read the complaint (its assignee
    included, without registry-wide reading): participants masked unless `pii:read`, audited."""
    async with sessions() as session, session.begin():
        c = await visible(session, client, complaint_id)
        ids = _named(c)
        people = []
        for pid in ids["participant"]:
            p = await session.get(Participant, pid)
            if p is not None and p.regency_code == c.regency_code:
                people.append(await participants.present(session, vault, client, p, purpose=purpose,
                                                         request_id=request_id))
        employers = [_employer(e) for e in [await session.get(Employer, eid) for eid in ids["employer"]]
                     if e is not None and e.regency_code == c.regency_code]
        await record_access(session, client, [c.id], purpose=purpose, fields=["named_records"],
                            request_id=request_id, subject_kind="complaint", regency_code=c.regency_code)
        return {"participants": people, "employers": employers, "other": ids["other"]}


def _named(c: Complaint) -> dict:
    found = {"participant": [], "employer": [], "other": []}
    for kind, ident in (("participant", c.complainant_participant_id), ("employer", c.complainant_employer_id),
                        (c.subject_kind, c.subject_id)):
        if ident is None or kind is None:
            continue
        if kind in ("participant", "employer"):
            try:
                record = uuid.UUID(str(ident))
            except ValueError:
                continue
            if record not in found[kind]:
                found[kind].append(record)
        else:
            found["other"].append({"kind": kind, "id": str(ident)})
    return found


def _employer(e: Employer) -> dict:
    return {"id": str(e.id), "name": e.name, "nib": e.nib, "kind": e.kind, "sector": e.sector,
            "bpjs_registration_number": e.bpjs_registration_number, "workers": e.workers}


def _nik(value: str) -> str:
    try:
        parse_nik(value.strip())
    except InvalidNIK as exc:
        raise InvalidInput.fields([("nik", str(exc))]) from None
    return value.strip()


def present_request(r: DataSubjectRequest, profile: domain.ComplaintsProfile) -> dict:
    right = profile.rights[r.kind]
    return {"id": str(r.id), "kind": r.kind, "state": r.state, "nik": r.nik_masked, "routed_to": r.routed_to,
            "received_at": r.received_at, "due_at": r.due_at, "citation": r.citation,
            "exceptions_citation": right.exceptions_citation, "dpo": profile.dpo_on(r.received_at.date())}


async def file_request(sessions: async_sessionmaker, vault: Vault, client: Client, body: DataSubjectRequestIn,
                       *, now: dt.datetime | None = None) -> dict:
    """Record a data subject's request with its UU 27/2022 deadline (hours from receipt)."""
    client.require_regency(body.regency_code)
    profile = profiles.require_complaints(body.regency_code)
    nik, now = _nik(body.nik), now or dt.datetime.now(dt.UTC)
    right = profile.rights[body.kind]
    row = DataSubjectRequest(
        id=uuid.uuid4(), regency_code=body.regency_code, kind=body.kind, nik_index=vault.nik_index(nik),
        nik_masked=mask_nik(nik), details_cipher=vault.seal(body.details, "details", table="data_subject_requests")
        if body.details else None, routed_to=ROUTES[body.kind], state="open", received_at=now,
        due_at=domain.right_due(profile, body.kind, now), citation=right.deadline_citation, created_by=client.name)
    async with sessions() as session, session.begin():
        session.add(row)
    return present_request(row, profile)


async def _request(session: AsyncSession, client: Client, request_id: uuid.UUID) -> DataSubjectRequest:
    row = await session.get(DataSubjectRequest, request_id)
    if row is None or not client.may_act_for(row.regency_code):
        raise NotFound(f"Data-subject request {request_id} not found")
    return row


async def access_export(sessions: async_sessionmaker, vault: Vault, client: Client, request_id: uuid.UUID, *,
                        request_header: str | None) -> dict:
    """What the registry holds about the requester's NIK, with each record's source and every
    recorded read of it (who, when, why). The export itself is a read: audited, and the request
    is answered."""
    async with sessions() as session, session.begin():
        r = await _request(session, client, request_id)
        if r.kind != "access":
            raise Conflict("hanya untuk permintaan akses / only for access requests")
        profile = profiles.require_complaints(r.regency_code)
        people = (await session.execute(select(Participant).where(
            Participant.regency_code == r.regency_code, Participant.nik_index == r.nik_index))).scalars().all()
        pids = [p.id for p in people]
        out = {"controller": {"regency_code": r.regency_code, "dpo": profile.dpo_on(dt.date.today())},
               "participants": [await _person(session, vault, client, p, request_header) for p in people],
               "memberships": await _memberships(session, pids),
               "candidates": await _candidates(session, vault, r),
               "complaints": await _complaints(session, pids),
               "reads": await _reads(session, pids)}
        r.state, r.answered_at = "answered", dt.datetime.now(dt.UTC)
        await record_access(session, client, pids or [r.id], purpose=f"data-subject access request {r.id}",
                            fields=["export"], request_id=request_header,
                            subject_kind="participant" if pids else "data_subject_request",
                            regency_code=r.regency_code)
        return {"request": present_request(r, profile), **out}


async def _person(session, vault, client, p: Participant, request_header) -> dict:
    view = await participants.present(session, vault, client, p, purpose="data-subject access request",
                                      request_id=request_header)
    return {**view, "source": {"registered_by": p.registered_by, "registered_at": p.created_at}}


async def _memberships(session: AsyncSession, pids: list[uuid.UUID]) -> list[dict]:
    rows = (await session.execute(select(MembershipVersion).where(MembershipVersion.participant_id.in_(pids))
                                  .order_by(MembershipVersion.row_id))).scalars()
    return [{"participant_id": str(m.participant_id), "programme": m.programme, "start_date": m.start_date,
             "end_date": m.end_date, "end_reason": m.end_reason, "funding": m.funding,
             "source": {"kind": m.source, "recorded_by": m.recorded_by, "recorded_at": m.recorded_at}}
            for m in rows]


async def _candidates(session: AsyncSession, vault: Vault, r: DataSubjectRequest) -> list[dict]:
    rows = (await session.execute(select(Candidate).where(
        Candidate.regency_code == r.regency_code, Candidate.nik_index == r.nik_index))).scalars()
    return [{"id": str(c.id), "full_name": c.full_name, "birth_date": c.birth_date, "village_code": c.village_code,
             "monthly_income": c.monthly_income, "source": {"kind": "candidate_import", "data_source": c.data_source}}
            for c in rows]


async def _complaints(session: AsyncSession, pids: list[uuid.UUID]) -> list[dict]:
    if not pids:
        return []
    rows = (await session.execute(select(Complaint).where(or_(
        Complaint.complainant_participant_id.in_(pids),
        (Complaint.subject_kind == "participant") & Complaint.subject_id.in_([str(p) for p in pids]))))).scalars()
    return [{"id": str(c.id), "category": c.category, "stage": c.stage, "received_on": c.received_on} for c in rows]


async def _reads(session: AsyncSession, pids: list[uuid.UUID]) -> list[dict]:
    """Every recorded read of the person's data (the audit log names the person and the client)."""
    rows = (await session.execute(select(audit_log).where(
        audit_log.c.subject_kind == "participant", audit_log.c.subject_id.in_([str(p) for p in pids]))
        .order_by(audit_log.c.id))).mappings()
    return [{"client": a["client"], "person": a["person_name"], "action": a["action"], "purpose": a["purpose"],
             "fields": (a["detail"] or {}).get("fields"), "accessed_at": a["at"], "request_id": a["request_id"]}
            for a in rows]


def present_breach(b: Breach, profile: domain.ComplaintsProfile) -> dict:
    return {"id": str(b.id), "regency_code": b.regency_code, "discovered_at": b.discovered_at,
            "notify_by": b.notify_by, "notified_at": b.notified_at, "data_kinds": b.data_kinds,
            "subjects_affected": b.subjects_affected, "citation": b.citation,
            "dpo": profile.dpo_on(b.discovered_at.date())}


async def record_breach(sessions: async_sessionmaker, vault: Vault, client: Client, body: BreachIn) -> dict:
    client.require_regency(body.regency_code)
    profile = profiles.require_complaints(body.regency_code)
    if body.discovered_at.tzinfo is None:
        raise InvalidInput.fields([("discovered_at", "zona waktu wajib / a time zone is required")])
    row = Breach(id=uuid.uuid4(), regency_code=body.regency_code, discovered_at=body.discovered_at,
                 notify_by=domain.breach_due(profile, body.discovered_at), notified_at=None,
                 description_cipher=vault.seal(body.description, "description", table="personal_data_breaches"),
                 data_kinds=body.data_kinds, subjects_affected=body.subjects_affected,
                 citation=profile.breach_citation, recorded_by=client.name)
    async with sessions() as session, session.begin():
        session.add(row)
    return present_breach(row, profile)


async def mark_notified(sessions: async_sessionmaker, client: Client, breach_id: uuid.UUID,
                        notified_at: dt.datetime) -> dict:
    async with sessions() as session, session.begin():
        row = await session.get(Breach, breach_id, with_for_update=True)
        if row is None or not client.may_act_for(row.regency_code):
            raise NotFound(f"Breach {breach_id} not found")
        row.notified_at = notified_at
        return present_breach(row, profiles.require_complaints(row.regency_code))


async def list_breaches(sessions: async_sessionmaker, client: Client, regency_code: str) -> list[dict]:
    client.require_regency(regency_code)
    profile = profiles.require_complaints(regency_code)
    async with sessions() as session, session.begin():
        rows = (await session.execute(select(Breach).where(Breach.regency_code == regency_code)
                                      .order_by(Breach.discovered_at, Breach.id))).scalars()
        return [present_breach(b, profile) for b in rows]

