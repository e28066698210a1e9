"""Automatic complaints: findings of other services where a person must look, consumed from their
events and turned into one complaint each (and the terminations re-verification recommended, which a
participant may contest: contests.py) (the finding key makes a redelivered or repeated event
open nothing new). No finding carries personal data: records are named by id."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from registry.complaints.models import RecommendedTermination
from registry.complaints.service import open_finding
from registry.employers.models import Employer
from shared.events import Envelope, parse_payload
from shared.events.eligibility import quarter_of

# invoice discrepancy kinds that mean "billed for someone the regency does not fund"
UNFUNDED = {"unknown_person": "orang yang tidak dikenal dalam daftar penerima / a person not on the recipient list",
            "terminated_recipient": "penerima yang sudah dihentikan / a recipient whose aid was ended",
            "deceased_recipient": "penerima yang sudah meninggal / a deceased recipient"}
EMPLOYER_SUBJECTS = ("employer", "state_employer")


async def on_invoice_reconciled(session: AsyncSession, envelope: Envelope, vault) -> None:
    """An invoice with lines for people the regency does not fund: one complaint per invoice and kind."""
    invoice = parse_payload(envelope)
    for kind, count in sorted(invoice.discrepancies.items()):
        if kind in UNFUNDED and count > 0:
            await open_finding(
                session, vault, envelope.regency_code, key=f"invoice:{invoice.invoice_id}:{kind}",
                category="bpjs_service", subject=("invoice", str(invoice.invoice_id)), on=envelope.occurred_at.date(),
                description=(f"Tagihan BPJS {invoice.reference or invoice.invoice_id} periode {invoice.period}: "
                             f"{count} baris untuk {UNFUNDED[kind]} (bantuan iuran tidak dibiayai Pemda) / "
                             f"{count} invoice line(s) for {kind}"))


async def on_sanction_requested(session: AsyncSession, envelope: Envelope, vault) -> None:
    """A sanction requested about an employer the registry does not know: the subject must be
    identified before the regency's services are denied to it."""
    case = parse_payload(envelope)
    if case.subject_kind not in EMPLOYER_SUBJECTS or await _known(session, case.employer_id or case.subject_id,
                                                                  envelope.regency_code):
        return
    await open_finding(
        session, vault, envelope.regency_code, key=f"sanction-unknown-employer:{case.case_id}",
        category="employer_not_registering", subject=("case", str(case.case_id)), on=envelope.occurred_at.date(),
        description=(f"Permintaan sanksi {case.case_number} atas pemberi kerja yang tidak terdaftar di registri / "
                     f"sanction requested in case {case.case_number} about an employer the registry does not know"))


async def _known(session: AsyncSession, employer_ref, regency_code: str) -> bool:
    """By id, or by NIB when sanctions names an employer it has not confirmed yet."""
    try:
        match = Employer.id == uuid.UUID(str(employer_ref))
    except ValueError:
        match = Employer.nib == str(employer_ref)
    found = await session.scalar(select(Employer.id).where(match, Employer.regency_code == regency_code))
    return found is not None


async def on_termination_recommended(session: AsyncSession, envelope: Envelope) -> None:
    """Keep what re-verification recommended, so the participant may contest it (once per
    participant, reason and quarter, like the recommendation itself)."""
    rec = parse_payload(envelope)
    await session.execute(insert(RecommendedTermination).values(
        participant_id=rec.participant_id, reason=rec.reason, quarter=rec.quarter or quarter_of(rec.as_of),
        regency_code=envelope.regency_code, as_of=rec.as_of, citation=rec.citation).on_conflict_do_nothing())


def handlers(vault) -> dict:
    """Handlers bound to the registry's vault (complaint texts are sealed)."""
    async def invoice(session, envelope):
        await on_invoice_reconciled(session, envelope, vault)

    async def sanction(session, envelope):
        await on_sanction_requested(session, envelope, vault)
    return {"InvoiceReconciled": invoice, "SanctionRequested": sanction,
            "TerminationRecommended": on_termination_recommended}
