"""Letters of a case as PDF (warning, request to the employer, request for TMP2T to the regent,
decision), in Indonesian, through the document register (shared.documents): the first request
issues the letter (number from the regency's pattern, signer in office that day, the employer's
name from this service's read model of EmployerRegistered) and stores it; later requests answer
the stored bytes.

A decision under two-person control is issued only once approved (the case reaches the decided
state only then); a pending proposal has a KONSEP: the proposal's act run on today's state in a
transaction that is rolled back, rendered without number, date, signer's name or verification."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sanctions.cases import store
from sanctions.cases.acts import DECISION, DECISION_RULES, EVIDENCE
from sanctions.cases.models import CaseRecord
from sanctions.clearance.models import KnownEmployer
from sanctions.clock import today
from sanctions.documents.models import DocumentRecord
from sanctions.domain.case_state import STEP_WARNING, Case
from sanctions.letters import (
    LetterContext,
    decision_letter,
    request_letter,
    sanction_request_letter,
    warning_letter,
)
from sanctions.letters.dates import tanggal
from sanctions.profiles import profile_for
from shared.approvals import flow
from shared.auth import Client
from shared.documents import Rendered, Signer, Stamp, documents_profile, issue_once, stored_content
from shared.documents.layout import verification_line
from shared.problems import Conflict, NotFound

RENDER = {"warning": warning_letter, "request": request_letter, "sanction_request": sanction_request_letter,
          "decision": decision_letter}
KINDS = tuple(RENDER)
PDF = "application/pdf"
VERIFY_PATH = "/v1/documents/verify"


async def letter_pdf(sessions: async_sessionmaker, client: Client, case_id: uuid.UUID, kind: str) -> tuple[str, bytes]:
    """(file name, PDF bytes) from the register; 404 when the case has no such letter yet."""
    async with sessions() as session, session.begin():
        record = await session.get(CaseRecord, case_id)
        if record is None:
            raise NotFound(f"Case {case_id} not found")
        client.require_regency(record.regency_code)
        case = store.case_of(record)
        subject, day = _subject_and_date(case, kind)
        employer = await _employer(session, record)
        document = await issue_once(
            session, DocumentRecord, regency_code=record.regency_code, kind=kind, subject=subject, media_type=PDF,
            day=day, render=lambda stamp: _render(kind, case, record, employer, stamp), number=_act_number(case, kind))
        return document.file_name, await stored_content(session, DocumentRecord, document)


def _subject_and_date(case: Case, kind: str) -> tuple[str, dt.date]:
    """What the letter records and its date: the act's own date where the act has one."""
    base = f"case:{case.id}:{kind}"
    if kind == "warning":
        warnings = [s for s in case.steps if s.name == STEP_WARNING]
        if not warnings:
            raise _not_available(case, kind, "no written warning yet")
        return f"{base}:{len(warnings)}", warnings[-1].started_on
    if kind == "decision":
        day = (case.sanction.imposed_on if case.sanction and case.state.value == "imposed"
               else case.lifted_on or case.closed_on)
        if day is None:
            raise _not_available(case, kind, f"no decision in state {case.state.value}")
        return f"{base}:{case.state.value}", day
    return base, today()


def _act_number(case: Case, kind: str) -> str | None:
    """A decision numbered when it was taken keeps that number (the Keputusan's own)."""
    if kind != "decision":
        return None
    if case.state.value == "imposed" and case.sanction:
        return case.sanction.decree_number or None
    return case.closing_decree if case.state.value == "rejected" else None


def _render(kind: str, case: Case, record: CaseRecord, employer: tuple[str, str], stamp: Stamp,
            konsep_of: str | None = None) -> Rendered:
    profile = profile_for(record.regency_code)
    context = LetterContext(
        letter_number=stamp.number, letter_date=stamp.issued_on, place=stamp.place,
        regency_name=profile.regency_name, letterhead=tuple(stamp.office.heading),
        letterhead_contact=(stamp.office.address, stamp.office.contact), employer_name=employer[0],
        employer_address=employer[1], signatory_title=stamp.signer.position, signatory_name=stamp.signer.name,
        signatory_nip=stamp.signer.nip, signatory_rank=stamp.signer.rank, draft=konsep_of is not None,
        verification=(f"KONSEP usulan {konsep_of} - menunggu persetujuan, belum bernomor dan belum ditandatangani"
                      if konsep_of else verification_line(stamp.number, stamp.verification_code, VERIFY_PATH)))
    try:
        pdf = RENDER[kind](case, profile, context)
    except ValueError as absent:  # the case has not reached the step this letter is about
        raise _not_available(case, kind, str(absent)) from None
    return Rendered(pdf, PDF, f"{record.number.replace('/', '-')}-{kind}.pdf")


class _Drafted(Exception):
    def __init__(self, name: str, pdf: bytes):
        super().__init__("drafted")
        self.name, self.pdf = name, pdf


async def decision_draft(sessions: async_sessionmaker, client: Client, approval_id: uuid.UUID) -> tuple[str, bytes]:
    """(file name, PDF) of the decision a pending proposal would take: a KONSEP, never registered.
    Only the proposal's maker and its approvers see it (as the proposal itself)."""
    proposal = await flow.get(sessions, client, approval_id)
    if proposal["act"] not in DECISION_RULES.values():
        raise NotFound(f"Approval {approval_id} is not a proposed decision on a case")
    act = DECISION if "decision" in proposal["payload"] else EVIDENCE  # evidence proposed as it would lift
    if proposal["state"] != "pending":
        raise Conflict(f"Usulan ini sudah {proposal['state']}; keputusan diterbitkan di "
                       f"/v1/cases/{proposal['payload']['case_id']}/letters/decision.",
                       slug="approval-not-pending", title="Approval no longer pending")
    payload = act.payload.model_validate(proposal["payload"])
    async with sessions() as session:
        try:
            async with session.begin():  # rolled back: the draft shows the act, the act is not taken
                await act.execute(session, client, payload)
                record = await session.get(CaseRecord, payload.case_id, populate_existing=True)
                draft = _draft_stamp(record.regency_code)
                raise _Drafted(f"konsep-keputusan-{record.number.replace('/', '-')}.pdf", _render(
                    "decision", store.case_of(record), record, await _employer(session, record), draft,
                    konsep_of=str(approval_id)).content)
        except _Drafted as drafted:
            return drafted.name, drafted.pdf


def _draft_stamp(regency_code: str) -> Stamp:
    profile = documents_profile(regency_code)
    spec = profile.kind("decision")
    office = profile.offices[spec.office]
    signer = profile.signer_on(spec.signer, today())
    return Stamp("", today(), spec.title, office, Signer(name="", position=signer.position, **{"from": today()}),
                 "", office.place)


async def _employer(session: AsyncSession, record: CaseRecord) -> tuple[str, str]:
    """(name, address line) as the registry announced the employer; its NIB when no name came yet."""
    known = (await session.execute(select(KnownEmployer).where(
        KnownEmployer.employer_id == record.employer_id))).scalar_one_or_none() if record.employer_id else None
    if known is not None and known.name:
        return known.name, f"NIB {known.nib}" if known.nib else ""
    if known is not None and known.nib:
        return f"Pemberi Kerja NIB {known.nib}", ""
    return f"Pemberi Kerja {record.employer_id or record.subject_id}", ""


def _not_available(case: Case, kind: str, why: str) -> NotFound:
    return NotFound(f"Case {case.number} has no {kind} letter: {why}", slug="letter-not-available",
                    title="Letter not available")


__all__ = ["KINDS", "decision_draft", "letter_pdf", "tanggal"]
