"""Sanction letters as PDF, in Indonesian: written warning, request for TMP2T, and the decision
(imposing, lifting or rejecting). Each function returns the PDF bytes; nothing is stored here."""
from __future__ import annotations

from collections.abc import Iterable

from shared.documents.keputusan import keputusan_pdf

from ..domain.case_state import Case, CaseState
from ..domain.profile import SanctionsProfile, ServiceDenial
from ..domain.vocabulary import WARNING
from .compose import LetterContext, compose, compose_keputusan
from .dates import tanggal
from .render import to_pdf

DECISION_TEMPLATES = {
    CaseState.IMPOSED: "decision_imposed",
    CaseState.LIFTED: "decision_lifted",
    CaseState.REJECTED: "decision_rejected",
}


def warning_letter(case: Case, profile: SanctionsProfile, context: LetterContext) -> bytes:
    """The latest written warning of the case, with its deadline and what follows if ignored."""
    if case.warnings_issued == 0:
        raise ValueError("the case has no written warning to put in a letter")
    step = profile.step(WARNING, context.letter_date)
    if step is not None and step.issued_by != "regency":  # e.g. BPJS warns under PP 86/2013 Pasal 5(2)
        raise ValueError(f"teguran tertulis di {profile.regency_name} diberikan oleh {step.issued_by.upper()} "
                         f"({step.citation}), bukan surat Pemerintah Daerah / the written warning is issued by "
                         f"{step.issued_by.upper()}, not by the regency")
    services = _services_in_force(profile, context, ())
    return to_pdf(compose("warning", case, profile, context, services))


def request_letter(case: Case, profile: SanctionsProfile, context: LetterContext) -> bytes:
    """The manpower office asks the employer itself to comply (before the regent is asked)."""
    return to_pdf(compose("request", case, profile, context, _services_in_force(profile, context, ())))


def sanction_request_letter(case: Case, profile: SanctionsProfile, context: LetterContext,
                            services: Iterable[str] = ()) -> bytes:
    """A request to the regent to impose TMP2T, copied to the executing agencies."""
    return to_pdf(compose("sanction_request", case, profile, context,
                          _services_in_force(profile, context, services)))


def decision_letter(case: Case, profile: SanctionsProfile, context: LetterContext) -> bytes:
    """The decision on the case: TMP2T imposed, lifted, or not imposed."""
    name = DECISION_TEMPLATES.get(case.state)
    if name is None:
        raise ValueError(f"no decision letter for a case in state {case.state.value}")
    services = _sanctioned_services(case, profile) if case.sanction else []
    return keputusan_pdf(compose_keputusan(name, case, profile, context, services))


def _services_in_force(profile: SanctionsProfile, context: LetterContext, asked: Iterable[str]) -> list[ServiceDenial]:
    available = profile.services_on(context.letter_date)
    asked = list(asked)
    return [available[s] for s in asked if s in available] if asked else list(available.values())


def _sanctioned_services(case: Case, profile: SanctionsProfile) -> list[ServiceDenial]:
    """The services of the decree, described as the profile did on the day it was imposed."""
    available = profile.services_on(case.sanction.imposed_on)
    return [available[s] for s in case.sanction.services if s in available]


__all__ = ["LetterContext", "decision_letter", "request_letter", "sanction_request_letter", "tanggal", "warning_letter"]
