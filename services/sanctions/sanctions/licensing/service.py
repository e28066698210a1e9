"""Licence applications (Lamandau Pasal 14, Berau 5(5), TTS 12(2), Sambas 16(2)): the documents the
regency demands, checked against what is attached; a missing membership proof is also a system
finding that opens (or joins) a case against the employer. Everything in one transaction."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sanctions.cases.service import Finding, apply_finding, subject_of
from sanctions.clearance.models import KnownEmployer
from sanctions.clearance.reader import ClearanceReader
from sanctions.clearance.service import answer, lookup
from sanctions.clock import not_in_future
from sanctions.domain import LicenceApplication, LicensingCheck, Refused, SanctionsProfile, check_licence_application
from sanctions.licensing.models import LicenceCheck
from sanctions.licensing.schemas import LicenceApplicationIn
from sanctions.profiles import profile_for
from shared.auth import Client
from shared.vocabularies import check_ids


@dataclass(frozen=True)
class Reported:
    """Who the application is from and how to refer to it in a case."""

    employer_id: uuid.UUID | None
    on: dt.date
    reference: str
    actor: str
    check_id: uuid.UUID


async def check_application(sessions: async_sessionmaker, reader: ClearanceReader, client: Client,
                            body: LicenceApplicationIn) -> dict:
    client.require_regency(body.regency_code)
    profile = profile_for(body.regency_code)
    on = not_in_future(body.date, "date")
    check_ids("documents", body.documents, {d for r in profile.licensing_on(on) for d in r.accepted_documents},
              vocabulary="licence_documents", regency_code=body.regency_code)
    check = check_licence_application(LicenceApplication.of(body.service, body.kind, body.documents), profile, on)
    check_id = uuid.uuid4()
    async with sessions() as session, session.begin():
        employer_id = body.employer_id or await _employer_by_nib(session, body.regency_code, body.nib)
        cleared = answer(profile, body.service, await lookup(reader, body.regency_code, employer_id=employer_id,
                                                             nib=body.nib))
        reported = Reported(employer_id, on, body.reference or f"permohonan izin {check_id}", client.name, check_id)
        cases, notes = await _findings(session, check, profile, reported)
        result = {"id": str(check_id), "regency_code": body.regency_code, "employer_id": _str(employer_id),
                  "nib": body.nib, "service": body.service, "kind": body.kind,
                  "allowed": check.complete and cleared["allowed"], **check.to_dict(),
                  "reasons": list(check.reasons) + notes + ([] if cleared["allowed"] else cleared["reasons"]),
                  "clearance": cleared, "cases": cases}
        session.add(LicenceCheck(id=check_id, regency_code=body.regency_code, employer_id=employer_id, nib=body.nib,
                                 service=body.service, kind=body.kind, documents=list(body.documents),
                                 allowed=result["allowed"], answer=result, case_id=_first_case(cases),
                                 checked_on=on, client=client.name))
    return result


async def _findings(session: AsyncSession, check: LicensingCheck, profile: SanctionsProfile,
                    reported: Reported) -> tuple[list[dict], list[str]]:
    """Open or join a case for each finding the missing documents amount to, where the regency
    sanctions it and the employer is known; say why when no case is opened."""
    cases, notes = [], []
    for code in check.findings:
        violation = profile.violation_for_finding(code, reported.on)
        if violation is None:
            notes.append(f"temuan '{code}' tidak dapat dikenai sanksi menurut {profile.regulation_title}")
            continue
        if reported.employer_id is None:
            notes.append("Pemberi Kerja tidak tercatat (NIB tidak dikenal); kasus tidak dapat dibuka")
            continue
        finding = Finding(profile.regency_code, reported.employer_id, await subject_of(session, reported.employer_id),
                          violation.id, "system", reported.reference, reported.on)
        try:
            outcome = await apply_finding(session, finding, profile, actor=reported.actor,
                                          attachments={"licence_check_id": str(reported.check_id), "finding": code})
        except Refused as refused:
            notes.append(f"kasus tidak dibuka: {refused}")
            continue
        cases.append({"id": str(outcome.record.id), "number": outcome.record.number, "violation": violation.id,
                      "joined": outcome.joined})
    return cases, notes


async def _employer_by_nib(session: AsyncSession, regency_code: str, nib: str | None) -> uuid.UUID | None:
    return (await session.execute(select(KnownEmployer.employer_id).where(
        KnownEmployer.nib == nib, KnownEmployer.regency_code == regency_code).limit(1))).scalar()


def _first_case(cases: list[dict]) -> uuid.UUID | None:
    return uuid.UUID(cases[0]["id"]) if cases else None


def _str(value) -> str | None:
    return str(value) if value is not None else None
