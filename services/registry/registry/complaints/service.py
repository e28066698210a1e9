"""Complaint handlers (docs/API.md §15): intake, list, read with timeline, assign, note, decide,
close, the daily overdue job, and the automatic complaints opened from findings. State change and
event are written in one transaction (outbox)."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import and_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.audit import record_access
from registry.complaints import domain
from registry.complaints.domain import ComplaintsProfile
from registry.complaints.models import Complaint, ComplaintEntry, ComplaintEscalation
from registry.complaints.schemas import AssignIn, CloseIn, ComplaintIn, DecideIn
from registry.domain.construction import calendar_for
from registry.idempotency import Idempotency
from registry.protection import Vault
from shared.auth import Client
from shared.events.registry import (
    ComplaintAnswered,
    ComplaintAssigned,
    ComplaintEscalated,
    ComplaintReceived,
    ComplaintResolved,
)
from shared.outbox import add_event
from shared.paging import Paging, decode_cursor, encode_cursor, keyset
from shared.problems import Conflict, InvalidInput, NotFound

TABLE, ENTRIES = "complaints", "complaint_entries"  # a sealed value is bound to table.column (key rotation)
PERSONAL = ["complainant.name", "complainant.contact", "description", "notes"]
FILTERS = {"stage", "category", "overdue", "assignee"}


class WrongStage(Conflict):
    slug, title = "complaint-wrong-stage", "Not possible in the complaint's stage"


def calendar_of(regency_code: str):
    return calendar_for(profiles.require_registry(regency_code))


def _due(profile: ComplaintsProfile, stage: str, since: dt.date) -> dt.date | None:
    return domain.stage_due(profile, stage, since, calendar_of(profile.regency_code))


def _seal(vault: Vault, value: str | None, field: str) -> str | None:
    return vault.seal(value, field, table=TABLE) if value is not None else None


async def _entry(session: AsyncSession, vault: Vault, c: Complaint, kind: str, actor: str, *,
                 text: str | None = None, **details) -> None:
    session.add(ComplaintEntry(complaint_id=c.id, kind=kind, stage=c.stage, actor=actor,
                               text_cipher=vault.seal(text, "text", table=ENTRIES) if text else None,
                               details=details))


async def open_complaint(session: AsyncSession, vault: Vault, profile: ComplaintsProfile, *, actor: str,
                         values: dict, description: str, name: str | None, contact: str | None,
                         finding_key: str | None = None) -> Complaint | None:
    """Insert a complaint in its first stage with its due date, a timeline line and
    ComplaintReceived. With a finding key, a finding seen before opens nothing (None)."""
    first = profile.first_stage.id
    row = {"id": uuid.uuid4(), "regency_code": profile.regency_code, "stage": first,
           "stage_since": values["received_on"], "due_date": _due(profile, first, values["received_on"]),
           "overdue": False, "source": "automatic" if finding_key else "manual", "finding_key": finding_key,
           "created_by": actor, "description_cipher": vault.seal(description, "description", table=TABLE),
           "complainant_name_cipher": _seal(vault, name, "complainant_name"),
           "complainant_contact_cipher": _seal(vault, contact, "complainant_contact"), **values}
    inserted = await session.execute(insert(Complaint).values(**row).on_conflict_do_nothing(
        index_elements=["finding_key"]).returning(Complaint.id))
    if inserted.first() is None:
        return None
    complaint = await session.get(Complaint, row["id"])
    await _entry(session, vault, complaint, "received", actor, channel=complaint.channel)
    await add_event(session, ComplaintReceived(
        complaint_id=complaint.id, channel=complaint.channel, category=complaint.category, source=complaint.source,
        stage=complaint.stage, received_on=complaint.received_on, due_date=complaint.due_date),
        regency_code=complaint.regency_code)
    return complaint


async def create_complaint(sessions: async_sessionmaker, vault: Vault, client: Client, body: ComplaintIn,
                           idempotency_key: str | None = None) -> dict:
    """A retried intake with the same Idempotency-Key (a double click at the counter) gets the first answer."""
    profile = profiles.require_complaints(body.regency_code)
    errors = domain.intake_errors(profile, channel=body.channel, category=body.category,
                                  lapor_tracking_id=body.lapor_tracking_id,
                                  subject_kind=body.subject.kind if body.subject else None)
    if errors:
        raise InvalidInput.fields(errors)
    values = {"channel": body.channel, "category": body.category, "lapor_tracking_id": body.lapor_tracking_id,
              "complainant_participant_id": body.complainant.participant_id,
              "complainant_employer_id": body.complainant.employer_id,
              "subject_kind": body.subject.kind if body.subject else None,
              "subject_id": body.subject.id if body.subject else None, "received_on": body.received_on}
    idempotency = Idempotency(client, idempotency_key, "POST /v1/complaints", body.model_dump(mode="json"))
    async with sessions() as session, session.begin():
        if (replay := await idempotency.claim(session)) is not None:
            return replay[1]
        complaint = await open_complaint(session, vault, profile, actor=client.name, values=values,
                                         description=body.description, name=body.complainant.name,
                                         contact=body.complainant.contact)
        answer = {"id": str(complaint.id), "stage": complaint.stage,
                  "due_date": complaint.due_date.isoformat() if complaint.due_date else None}
        await idempotency.remember(session, 201, answer)
        return answer


def may_read(client: Client, c: Complaint) -> bool:
    """Need-to-know: a registry reader of the regency, or the complaint's own assignee."""
    if not client.may_act_for(c.regency_code):
        return False
    return client.has("registry:read") or c.assignee == client.name


async def visible(session: AsyncSession, client: Client, complaint_id: uuid.UUID, *,
                   for_update: bool = False) -> Complaint:
    query = select(Complaint).where(Complaint.id == complaint_id)
    complaint = (await session.execute(query.with_for_update() if for_update else query)).scalar_one_or_none()
    if complaint is None or not may_read(client, complaint):
        raise NotFound(f"Complaint {complaint_id} not found")
    return complaint


def _sees_personal(client: Client, c: Complaint) -> bool:
    return client.has("pii:read") or (c.assignee is not None and c.assignee == client.name)


def _mask(text: str) -> str:
    return text[:1] + "***" if text else text


async def present(session: AsyncSession, vault: Vault, client: Client, c: Complaint, *, as_of: dt.date,
                  purpose: str, timeline: bool = False) -> dict:
    """The complaint as the client may see it: complainant and description in clear only to the
    assignee or a `pii:read` client, and every such read audited (subject = the complaint)."""
    clear = _sees_personal(client, c)
    name = vault.open(c.complainant_name_cipher, "complainant_name", table=TABLE) if c.complainant_name_cipher else ""
    contact = (vault.open(c.complainant_contact_cipher, "complainant_contact", table=TABLE)
               if c.complainant_contact_cipher else "")
    out = {"id": str(c.id), "regency_code": c.regency_code, "channel": c.channel, "category": c.category,
           "lapor_tracking_id": c.lapor_tracking_id,
           "complainant": {"name": name if clear else _mask(name), "contact": contact if clear else _mask(contact),
                           "participant_id": _str(c.complainant_participant_id),
                           "employer_id": _str(c.complainant_employer_id)},
           "subject": {"kind": c.subject_kind, "id": c.subject_id} if c.subject_kind else None,
           "description": vault.open(c.description_cipher, "description", table=TABLE) if clear else None,
           "received_on": c.received_on, "stage": c.stage, "due_date": c.due_date,
           "overdue": c.overdue or domain.is_overdue(c.stage, c.due_date, as_of), "assignee": c.assignee,
           "office": c.office, "escalated_to": c.escalated_to, "decision": c.decision,
           "decision_citation": c.decision_citation, "letter_number": c.letter_number, "closed_on": c.closed_on,
           "source": c.source, "personal_data_masked": not clear}
    if timeline:
        out["timeline"] = await _timeline(session, vault, c, clear)
    if clear:
        await record_access(session, client, [c.id], purpose=purpose, fields=PERSONAL, request_id=None,
                            subject_kind="complaint", regency_code=c.regency_code)
    return out


def _str(value) -> str | None:
    return str(value) if value is not None else None


async def _timeline(session: AsyncSession, vault: Vault, c: Complaint, clear: bool) -> list[dict]:
    rows = (await session.execute(select(ComplaintEntry).where(ComplaintEntry.complaint_id == c.id)
                                  .order_by(ComplaintEntry.id))).scalars()
    return [{"kind": e.kind, "stage": e.stage, "actor": e.actor, "at": e.at, "details": e.details,
             "text": vault.open(e.text_cipher, "text", table=ENTRIES) if clear and e.text_cipher else None}
            for e in rows]


async def get_complaint(sessions: async_sessionmaker, vault: Vault, client: Client, complaint_id: uuid.UUID, *,
                        purpose: str) -> dict:
    async with sessions() as session, session.begin():
        complaint = await visible(session, client, complaint_id)
        return await present(session, vault, client, complaint, as_of=dt.date.today(), purpose=purpose,
                             timeline=True)


def list_errors(profile: ComplaintsProfile, filters: dict) -> list[tuple[str, str]]:
    errors = [(name, "filter tidak dikenal / unknown filter: stage, category, overdue, assignee")
              for name in filters if name not in FILTERS]
    if "stage" in filters and filters["stage"] not in profile.stages:
        errors.append(("stage", domain._allowed("tahap", "stage", profile.stages)))
    if "category" in filters and filters["category"] not in profile.categories:
        errors.append(("category", domain._allowed("kategori", "category", profile.categories)))
    if "overdue" in filters and filters["overdue"] not in ("true", "false"):
        errors.append(("overdue", "harus true atau false / must be true or false"))
    if "assignee" in filters and not 0 < len(filters["assignee"]) <= 200:
        errors.append(("assignee", "1-200 karakter / 1-200 characters"))
    return errors


async def list_complaints(sessions: async_sessionmaker, vault: Vault, client: Client, regency_code: str,
                          filters: dict, *, limit: int, cursor: str | None, as_of: dt.date) -> dict:
    """§13 list in creation order; a client without registry-wide reading sees its assignments."""
    client.require_regency(regency_code)
    profile = profiles.require_complaints(regency_code)
    if errors := list_errors(profile, filters):
        raise InvalidInput.fields(errors)
    query = select(Complaint).where(Complaint.regency_code == regency_code)
    if not client.has("registry:read"):
        query = query.where(Complaint.assignee == client.name)
    if "stage" in filters:
        query = query.where(Complaint.stage == filters["stage"])
    if "category" in filters:
        query = query.where(Complaint.category == filters["category"])
    if "assignee" in filters:  # e.g. person:<id>, the console's "assigned to me"
        query = query.where(Complaint.assignee == filters["assignee"])
    if "overdue" in filters:
        late = and_(Complaint.stage != domain.CLOSED, Complaint.due_date < as_of)
        query = query.where(late if filters["overdue"] == "true" else ~late)
    page = Paging(limit=limit, after=decode_cursor(cursor) if cursor else None)
    async with sessions() as session, session.begin():
        rows = list((await session.execute(keyset(query, (Complaint.created_at, Complaint.id), page))).scalars())
        shown = rows[:limit]
        items = [await present(session, vault, client, c, as_of=as_of, purpose="complaint list") for c in shown]
    more = len(rows) > limit and shown
    return {"items": items, "next_cursor": encode_cursor((shown[-1].created_at, shown[-1].id)) if more else None}


async def _act(sessions: async_sessionmaker, vault: Vault, client: Client, complaint_id: uuid.UUID, act: str, apply):
    """Load the complaint for update, check the act fits its stage, apply it, answer its stage."""
    async with sessions() as session, session.begin():
        complaint = await visible(session, client, complaint_id, for_update=True)
        client.require_regency(complaint.regency_code)
        if act and (error := domain.act_error(act, complaint.stage)):
            raise WrongStage(error)
        profile = profiles.require_complaints(complaint.regency_code)
        await apply(session, profile, complaint)
        return {"id": str(complaint.id), "stage": complaint.stage, "due_date": complaint.due_date}


def _advance(profile: ComplaintsProfile, c: Complaint, on: dt.date) -> None:
    c.stage = domain.next_stage(profile, c.stage)
    c.stage_since, c.overdue = on, False
    c.due_date = _due(profile, c.stage, on)


async def assign(sessions, vault: Vault, client: Client, complaint_id: uuid.UUID, body: AssignIn) -> dict:
    async def apply(session, profile, c):
        c.assignee, c.office = body.assignee, body.office or profile.office
        _advance(profile, c, body.on or dt.date.today())
        await _entry(session, vault, c, "assigned", client.name, assignee=c.assignee, office=c.office)
        await add_event(session, ComplaintAssigned(complaint_id=c.id, category=c.category, stage=c.stage,
                                                   due_date=c.due_date), regency_code=c.regency_code)
    return await _act(sessions, vault, client, complaint_id, "assign", apply)


async def note(sessions, vault: Vault, client: Client, complaint_id: uuid.UUID, text: str) -> dict:
    async def apply(session, _profile, c):
        if c.stage == domain.CLOSED:
            raise WrongStage("pengaduan sudah ditutup / the complaint is closed")
        await _entry(session, vault, c, "note", client.name, text=text)
    return await _act(sessions, vault, client, complaint_id, "", apply)


async def decide(sessions, vault: Vault, client: Client, complaint_id: uuid.UUID, body: DecideIn) -> dict:
    async def apply(session, profile, c):
        c.decision, c.decision_citation = body.decision, body.citation
        _advance(profile, c, body.on or dt.date.today())
        await _entry(session, vault, c, "decided", client.name, text=body.reasons, decision=body.decision,
                     citation=body.citation)
        await add_event(session, ComplaintAnswered(complaint_id=c.id, category=c.category, decision=body.decision,
                                                   citation=body.citation, stage=c.stage, due_date=c.due_date),
                        regency_code=c.regency_code)
    return await _act(sessions, vault, client, complaint_id, "decide", apply)


async def close(sessions, vault: Vault, client: Client, complaint_id: uuid.UUID, body: CloseIn) -> dict:
    """Closing needs the letter telling the complainant (its number from the regency's register)."""
    async def apply(session, profile, c):
        on = body.sent_on or dt.date.today()
        c.letter_number, c.closed_on = body.letter_number, on
        _advance(profile, c, on)
        await _entry(session, vault, c, "closed", client.name, letter_number=body.letter_number,
                     sent_on=on.isoformat())
        escalated = await session.scalar(select(ComplaintEscalation.id).where(
            ComplaintEscalation.complaint_id == c.id).limit(1))
        await add_event(session, ComplaintResolved(
            complaint_id=c.id, category=c.category, channel=c.channel, decision=c.decision, received_on=c.received_on,
            closed_on=on, on_time=escalated is None), regency_code=c.regency_code)
    return await _act(sessions, vault, client, complaint_id, "close", apply)


async def escalate_overdue(sessions: async_sessionmaker, vault: Vault, as_of: dt.date) -> int:
    """The daily job: each open stage past its due date is marked overdue and escalated to the head
    of office once (a unique row per complaint and stage); nothing is ever closed here."""
    escalated = 0
    async with sessions() as session, session.begin():
        late = (await session.execute(select(Complaint).where(
            Complaint.stage != domain.CLOSED, Complaint.due_date < as_of).order_by(Complaint.id)
            .with_for_update(skip_locked=True))).scalars().all()
        for c in late:
            escalated += await _escalate(session, vault, c, as_of)
    return escalated


async def _escalate(session: AsyncSession, vault: Vault, c: Complaint, as_of: dt.date) -> int:
    profile = profiles.complaints_profile(c.regency_code)
    if profile is None:
        return 0
    inserted = await session.execute(insert(ComplaintEscalation).values(
        complaint_id=c.id, stage=c.stage, due_date=c.due_date, as_of=as_of, escalated_to=profile.head_role,
    ).on_conflict_do_nothing(constraint="complaint_escalated_once_per_stage").returning(ComplaintEscalation.id))
    if inserted.first() is None:
        return 0
    c.overdue, c.escalated_to = True, profile.head_role
    await _entry(session, vault, c, "escalated", "complaints-overdue", due_date=c.due_date.isoformat(),
                 escalated_to=profile.head_role, citation=profile.stage(c.stage).citation)
    await add_event(session, ComplaintEscalated(
        complaint_id=c.id, category=c.category, channel=c.channel, stage=c.stage, due_date=c.due_date,
        as_of=as_of, escalated_to=profile.head_role), regency_code=c.regency_code)
    return 1


def subject_values(category: str, kind: str, ident: str, on: dt.date) -> dict:
    return {"channel": domain.SYSTEM_CHANNEL, "category": category, "lapor_tracking_id": None,
            "complainant_participant_id": None, "complainant_employer_id": None, "subject_kind": kind,
            "subject_id": ident, "received_on": on}


async def open_finding(session: AsyncSession, vault: Vault, regency_code: str, *, key: str, category: str,
                       subject: tuple[str, str], description: str, on: dt.date) -> Complaint | None:
    """An automatic complaint where Lindung's own checks need a person (idempotent by `key`)."""
    profile = profiles.complaints_profile(regency_code)
    if profile is None or category not in profile.categories:
        return None
    return await open_complaint(session, vault, profile, actor="lindung", finding_key=key, name=None, contact=None,
                                values=subject_values(category, subject[0], subject[1], on),
                                description=description)

