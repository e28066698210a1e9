"""May the regency impose TMP2T (denial of certain public services) on this case now?

`decide_impose` checks, against the profile in force on the decision date: the case can still
be decided, the violation is sanctionable, the subject may receive TMP2T (never Tabalong's
workers, Pasal 28(4)), the services asked for are ones the regency denies, and every
prerequisite holds (Lamandau Pasal 30(3), 31(2)-(3): BPJS's request AND the labour inspector's
recommendation, by letter to the regent copied to the executing agency). A refusal names each
missing item with its article (docs/API.md §9: 422).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .case_state import Case, CaseState, Subject
from .profile import Prerequisite, SanctionsProfile, ServiceDenial
from .records import Missing, Reason, cite
from .vocabulary import REGENT, SUBJECT_LABELS, TMP2T, UNKNOWN_EMPLOYER

DECIDABLE_STATES = frozenset({CaseState.OPEN, CaseState.COMMITMENT, CaseState.WARNED, CaseState.FINED,
                              CaseState.SANCTION_REQUESTED})
REQUEST_LETTER_KINDS = ("bpjs_request", "inspector_recommendation")


@dataclass(frozen=True)
class ImposeDecision:
    allowed: bool
    missing: tuple[Missing, ...]
    services: tuple[ServiceDenial, ...]
    reasons: tuple[Reason, ...]
    citations: tuple[str, ...]
    interpretations: tuple[str, ...]


def decide_impose(case: Case, profile: SanctionsProfile, on: dt.date,
                  services: Iterable[str] = (), subject_now: Subject | None = None) -> ImposeDecision:
    """`subject_now` is the subject as known on the decision date (the registry's word on the
    employer's kind), which wins over what the case was opened with; None: the case's subject."""
    missing: list[Missing] = []
    missing += _state_check(case)
    missing += _violation_check(case, profile, on)
    missing += _subject_check(case, subject_now or case.subject, profile, on)
    chosen, service_missing = _services(profile, on, services)
    missing += service_missing
    prerequisites = profile.prerequisites_on(on)
    missing += [m for p in prerequisites for m in _prerequisite_missing(p, case, profile, on, chosen)]
    return ImposeDecision(
        allowed=not missing, missing=tuple(missing), services=tuple(chosen),
        reasons=tuple(_grounds(case, profile, on, prerequisites, chosen)) if not missing else (),
        citations=tuple(_citations(case, profile, on, prerequisites, chosen)),
        interpretations=tuple(i for i in [p.interpretation for p in prerequisites] +
                              [s.interpretation for s in chosen] if i),
    )


# --- checks, each returning what is missing -----------------------------------------------------
def _state_check(case: Case) -> list[Missing]:
    if case.state in DECIDABLE_STATES:
        return []
    return [Missing("case_state", f"kasus berstatus {case.state.value}; tidak dapat diputus lagi")]


def _violation_check(case: Case, profile: SanctionsProfile, on: dt.date) -> list[Missing]:
    if profile.violation(case.violation, on) is not None:
        return []
    return [Missing("violation", f"pelanggaran '{case.violation}' tidak dapat dikenai sanksi menurut "
                                 f"{profile.regulation_title} pada {on.isoformat()}")]


def _subject_check(case: Case, subject: Subject, profile: SanctionsProfile, on: dt.date) -> list[Missing]:
    step = profile.step(TMP2T, on)
    kind = subject.kind
    if step is None:
        return [Missing("tmp2t", f"{profile.regulation_title} tidak mengatur sanksi tidak mendapat "
                                 f"pelayanan publik tertentu pada {on.isoformat()}")]
    violation = profile.violation(case.violation, on)
    if kind == UNKNOWN_EMPLOYER:
        return [Missing("subject", UNKNOWN_EMPLOYER_REFUSAL, cite(violation.citation) if violation else None)]
    if violation is not None and kind not in violation.subjects:  # e.g. a state body (Tabalong 28(1), Lamandau 30(1))
        return [Missing("subject", f"{SUBJECT_LABELS[kind]} tidak dapat dikenai sanksi atas pelanggaran ini / "
                                   f"this violation is sanctioned only for employers other than state bodies",
                        cite(violation.citation))]
    if kind in step.subjects:
        return []
    exclusion = step.exclusion_for(kind)
    citation = exclusion.citation if exclusion else step.citation
    return [Missing("subject", f"sanksi {step.label} tidak dapat dikenakan kepada {SUBJECT_LABELS[kind]}",
                    cite(citation))]


UNKNOWN_EMPLOYER_REFUSAL = (
    "Pemberi Kerja belum dikenal layanan sanksi (data pendaftarannya dari registry belum diterima), sehingga "
    "belum dapat dipastikan bukan Penyelenggara Negara; ulangi setelah data itu diterima / the sanctions service "
    "has not yet received this employer's registration from the registry, so it cannot yet tell that the employer "
    "is not a state body; retry once it has arrived")


def _services(
    profile: SanctionsProfile, on: dt.date, asked: Iterable[str]
) -> tuple[list[ServiceDenial], list[Missing]]:
    """The services to deny: those asked for (all the regency lists when none are)."""
    available = profile.services_on(on)
    asked = list(dict.fromkeys(asked))
    if not asked:
        return list(available.values()), ([] if available else [Missing("services", "tidak ada pelayanan publik "
                                                                         "yang dapat ditolak")])
    chosen = [available[s] for s in asked if s in available]
    list_citation = cite(profile.step(TMP2T, on).citation) if profile.step(TMP2T, on) else None
    missing = [Missing(f"service:{s}", f"layanan '{s}' tidak termasuk pelayanan publik tertentu yang dapat "
                                       f"ditolak di {profile.regulation_title}", list_citation)
               for s in asked if s not in available]
    return chosen, missing


def _prerequisite_missing(prerequisite: Prerequisite, case: Case, profile: SanctionsProfile, on: dt.date,
                          services: list[ServiceDenial]) -> list[Missing]:
    citation = cite(prerequisite.citation)
    if prerequisite.id in REQUEST_LETTER_KINDS:
        return (
            [] if case.has_evidence(prerequisite.id, on) else [Missing(prerequisite.id, prerequisite.label, citation)]
        )
    if prerequisite.id == "request_letters_to_regent_copied_to_agency":
        return _letter_form_missing(prerequisite, case, profile, on, services)
    raise ValueError(f"no check for prerequisite {prerequisite.id}")  # validated away in profile parsing


def _letter_form_missing(prerequisite: Prerequisite, case: Case, profile: SanctionsProfile, on: dt.date,
                         services: list[ServiceDenial]) -> list[Missing]:
    """Every request letter on file must be a numbered letter to the regent, copied to each executing
    agency; unrecorded addressee/copies are judged by the profile's named interpretation."""
    assume = profile.choice(prerequisite.interpretation or "", "assume_compliant") == "assume_compliant"
    agencies = {s.agency_id for s in services}
    problems = []
    for letter in (e for e in case.evidence if e.kind in REQUEST_LETTER_KINDS and e.date <= on):
        what = f"{letter.kind} {letter.reference or '(tanpa nomor)'}"
        if not letter.reference:
            problems.append(f"{what}: bukan surat tertulis bernomor")
        if (letter.addressed_to or (REGENT if assume else None)) != REGENT:
            problems.append(f"{what}: tidak ditujukan kepada Bupati")
        copied = set(letter.copied_to) if letter.copied_to is not None else (agencies if assume else set())
        for agency in sorted(agencies - copied):
            problems.append(f"{what}: tidak ditembuskan kepada {profile.agency(agency).short_name}")
    return [Missing(prerequisite.id, f"{prerequisite.label} ({p})", cite(prerequisite.citation)) for p in problems]


# --- explanation -----------------------------------------------------------------------------------
def _grounds(case: Case, profile: SanctionsProfile, on: dt.date, prerequisites: list[Prerequisite],
             services: list[ServiceDenial]) -> list[Reason]:
    violation = profile.violation(case.violation, on)
    reasons = [Reason("violation", f"{violation.label}", cite(violation.duty_citation)),
               Reason("sanctionable", "pelanggaran dapat dikenai sanksi administratif", cite(violation.citation))]
    reasons += [Reason(p.id, f"{p.label}: terpenuhi", cite(p.citation)) for p in prerequisites]
    reasons += [Reason(f"service:{s.service}", f"{s.label}, dilaksanakan oleh "
                                               f"{profile.agency(s.agency_id).short_name}", cite(s.citation))
                for s in services]
    return reasons


def _citations(case: Case, profile: SanctionsProfile, on: dt.date, prerequisites: list[Prerequisite],
               services: list[ServiceDenial]) -> list[str]:
    out = []
    violation = profile.violation(case.violation, on)
    if violation:
        out += [cite(violation.duty_citation), cite(violation.citation)]
    step = profile.step(TMP2T, on)
    if step:
        out.append(cite(step.citation))
    for p in prerequisites:
        out += [cite(p.citation)] + [cite(c) for c in p.also]
    for s in services:
        out += [cite(s.citation), cite(s.agency_citation)]
    return [c for c in dict.fromkeys(out) if c]
