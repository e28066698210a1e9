"""Letters of a case as PDF (warning, request for TMP2T, decision), in Indonesian. Who heads and
signs each kind and where comes from the regency's profile; the letter number, date and the
employer's name may be given by the caller (the registry, not this service, holds names)."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from sanctions.cases import store
from sanctions.cases.models import CaseRecord
from sanctions.clearance.models import KnownEmployer
from sanctions.clock import today
from sanctions.letters import LetterContext, decision_letter, sanction_request_letter, warning_letter
from sanctions.profiles import profile_for
from shared.auth import Client
from shared.problems import NotFound

RENDER = {"warning": warning_letter, "sanction_request": sanction_request_letter, "decision": decision_letter}
ALIASES = {"request": "sanction_request"}
KINDS = tuple(RENDER) + tuple(ALIASES)


@dataclass(frozen=True)
class LetterRequest:
    letter_number: str | None = None
    letter_date: dt.date | None = None
    employer_name: str | None = None
    employer_address: str = ""
    signatory_name: str = ""


async def letter_pdf(sessions: async_sessionmaker, client: Client, case_id: uuid.UUID, kind: str,
                     request: LetterRequest) -> tuple[str, bytes]:
    """(file name, PDF bytes); 404 when the case has no such letter (e.g. no warning yet)."""
    kind = ALIASES.get(kind, kind)
    async with sessions() as session:
        record = await session.get(CaseRecord, case_id)
        if record is None:
            raise NotFound(f"Case {case_id} not found")
        client.require_regency(record.regency_code)
        nib = (await session.execute(select(KnownEmployer.nib).where(
            KnownEmployer.employer_id == record.employer_id))).scalar() if record.employer_id else None
    profile = profile_for(record.regency_code)
    signer = profile.letter_signers[kind]
    context = LetterContext(
        letter_number=request.letter_number or f"{record.number}/{kind}", letter_date=request.letter_date or today(),
        place=profile.letter_place, regency_name=profile.regency_name, issuer=signer.issuer,
        employer_name=request.employer_name or _employer_label(record, nib),
        employer_address=request.employer_address, signatory_title=signer.signatory_title,
        signatory_name=request.signatory_name)
    try:
        pdf = RENDER[kind](store.case_of(record), profile, context)
    except ValueError as absent:  # the case has not reached the step this letter is about
        raise NotFound(f"Case {record.number} has no {kind} letter: {absent}", slug="letter-not-available",
                       title="Letter not available") from None
    return f"{record.number.replace('/', '-')}-{kind}.pdf", pdf


def _employer_label(record: CaseRecord, nib: str | None) -> str:
    return f"Pemberi Kerja NIB {nib}" if nib else f"Pemberi Kerja {record.employer_id or record.subject_id}"
