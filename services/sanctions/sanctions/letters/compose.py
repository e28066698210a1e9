"""Fill the letter templates (templates/*.yaml) from a case, its profile and the letter's own
details. The law in a letter (violation, articles, services denied, executing agencies, lifting
conditions) comes from the profile; names and numbers from `LetterContext`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from shared.documents.keputusan import DRAFT_DATE, DRAFT_NUMBER, Keputusan, Lampiran

from ..domain.case_state import STEP_WARNING, Case
from ..domain.profile import SanctionsProfile, ServiceDenial
from ..domain.records import cite
from ..domain.vocabulary import EVIDENCE_LABELS, TMP2T, WARNING
from .dates import tanggal
from .render import LetterDocument, Signature

TEMPLATES = Path(__file__).resolve().parent / "templates"
REQUEST_KINDS = ("bpjs_request", "inspector_recommendation", "system_finding")


@dataclass(frozen=True)
class LetterContext:
    """What a letter needs beyond the case: who writes, to whom, its number and date."""

    letter_number: str
    letter_date: dt.date
    place: str                      # where it is signed, e.g. "Nanga Bulik"
    regency_name: str               # "Kabupaten Lamandau"
    letterhead: tuple[str, ...]     # kop surat lines of the office (documents.yaml)
    employer_name: str
    employer_address: str = ""
    letterhead_contact: tuple[str, ...] = ()   # address and contact under the kop
    signatory_title: str = ""
    signatory_name: str = ""
    signatory_nip: str | None = None
    signatory_rank: str | None = None
    verification: str = ""          # the line that tells a reader how to verify the document
    draft: bool = False             # KONSEP of a decision awaiting approval: no number, date or signer's name


@cache
def template(name: str) -> dict:
    with open(TEMPLATES / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def compose(name: str, case: Case, profile: SanctionsProfile, context: LetterContext,
            services: list[ServiceDenial]) -> LetterDocument:
    spec = template(name)
    values = _values(case, profile, context, services)
    fill = lambda text: " ".join(str(text).format_map(values).split())  # noqa: E731 - one-line formatter
    items = tuple(_service_item(s, profile) for s in services) if spec.get("list") == "services" else ()
    copies = tuple(_copies(services, profile, context.signatory_title)) if spec.get("copies") == "agencies" else ()
    return LetterDocument(
        letterhead=context.letterhead, letterhead_contact=context.letterhead_contact,
        meta=(("Nomor", context.letter_number), ("Kasus", case.number), ("Perihal", fill(spec["subject"]))),
        recipient=tuple(fill(line) for line in spec["recipient"]),
        title=fill(spec["title"]),
        paragraphs_before=tuple(fill(p) for p in spec.get("before_list", [])),
        items=items,
        paragraphs_after=tuple(fill(p) for p in spec.get("after_list", [])),
        place_and_date=f"{context.place}, {tanggal(context.letter_date)}",
        signatory=Signature(context.signatory_title, context.signatory_name, context.signatory_nip,
                            context.signatory_rank),
        copies=copies, footer=context.verification,
    )


def compose_keputusan(name: str, case: Case, profile: SanctionsProfile, context: LetterContext,
                      services: list[ServiceDenial]) -> Keputusan:
    """A decision in the Keputusan Bupati layout: the template's `keputusan` section filled, the
    services as lampiran, numbered with the act's decree number where it has one."""
    spec = template(name)["keputusan"]
    values = _values(case, profile, context, services)
    fill = lambda text: " ".join(str(text).format_map(values).split())  # noqa: E731 - one-line formatter
    issuer = context.letterhead[0].upper()
    rows = tuple((i, s.label, cite(s.citation), f"{profile.agency(s.agency_id).name} "
                  f"({profile.agency(s.agency_id).short_name})") for i, s in enumerate(services, start=1))
    lampiran = Lampiran("Layanan publik tertentu", ("No.", "Layanan", "Dasar hukum", "Dilaksanakan oleh"), rows,
                        (10, 55, 50, 50)) if rows else None
    return Keputusan(
        issuer=issuer, number=DRAFT_NUMBER if context.draft else values["decree_number"] or context.letter_number,
        about=fill(spec["about"]),
        considering=tuple(fill(t) for t in spec["considering"]),
        recalling=tuple(t for t in (fill(r) for r in spec["recalling"]) if t.strip(" ;-")),
        establishing=f"Keputusan {issuer.title()} tentang {fill(spec['about'])}.",
        dictums=tuple(fill(t) for t in spec["dictums"]),
        place_and_date=f"Ditetapkan di {context.place} pada tanggal "
                       f"{DRAFT_DATE if context.draft else tanggal(context.letter_date)}",
        signer=Signature(context.signatory_title.upper(), context.signatory_name, context.signatory_nip,
                         context.signatory_rank),
        copies=tuple(_copies(services, profile, context.signatory_title)), lampiran=lampiran,
        footer=context.verification, draft=context.draft)


def _values(case: Case, profile: SanctionsProfile, context: LetterContext, services: list[ServiceDenial]) -> dict:
    ruled_on = case.opened_on
    violation = profile.violation(case.violation, ruled_on) or profile.violation(case.violation, context.letter_date)
    tmp2t = profile.step(TMP2T, ruled_on)
    sanction = case.sanction
    values = {
        "case_number": case.number, "employer_name": context.employer_name,
        "employer_address": context.employer_address, "place": context.place,
        "regency_short_name": context.regency_name.removeprefix("Kabupaten ").strip(),
        "violation_label": violation.label, "duty_citation": cite(violation.duty_citation),
        "sanction_citation": cite(violation.citation), "tmp2t_citation": cite(tmp2t.citation) if tmp2t else "",
        "request_basis": _request_basis(case), "prerequisite_citations": _prerequisite_citations(profile, ruled_on),
        "decree_number": sanction.decree_number if sanction else (case.closing_decree or ""),
        "imposed_on": tanggal(sanction.imposed_on) if sanction else "",
        "lifted_on": tanggal(case.lifted_on), "closed_on": tanggal(case.closed_on),
        "lifting_conditions": _lifting_conditions(violation),
        "lifting_citation": cite(violation.lifting.citation) if violation.lifting else "",
    }
    values.update(_warning_values(case, profile))
    return values


def _warning_values(case: Case, profile: SanctionsProfile) -> dict:
    warnings = [s for s in case.steps if s.name == STEP_WARNING]
    if not warnings:
        return {"warning_number": "", "deadline": "", "warning_period": "", "max_warnings": "",
                "warning_citation": ""}
    last = warnings[-1]
    period, _ = profile.period_parameter("warning_period", last.started_on)
    step = profile.step(WARNING, last.started_on)
    return {
        "warning_number": str(last.number), "deadline": tanggal(last.deadline),
        "warning_period": period.describe(), "warning_citation": last.citation or "",
        "max_warnings": str(profile.parameter("max_written_warnings", last.started_on).value),
        "sanction_step_citation": cite(step.citation) if step else "",
    }


def _request_basis(case: Case) -> str:
    letters = [e for e in case.evidence if e.kind in REQUEST_KINDS]
    if not letters:
        return "hasil pemantauan kepatuhan"
    return "; ".join(f"{EVIDENCE_LABELS[e.kind]} nomor {e.reference or '-'} tanggal {tanggal(e.date)}"
                     for e in letters)


def _prerequisite_citations(profile: SanctionsProfile, on: dt.date) -> str:
    citations = [cite(p.citation) for p in profile.prerequisites_on(on)]
    return ", ".join(dict.fromkeys(c for c in citations if c)) or "-"


def _lifting_conditions(violation) -> str:
    if not violation.lifting:
        return "kewajiban telah dipenuhi"
    return " dan ".join(EVIDENCE_LABELS[k] for k in violation.lifting.all_of)


def _service_item(service: ServiceDenial, profile: SanctionsProfile) -> str:
    agency = profile.agency(service.agency_id)
    return (f"{service.label} ({cite(service.citation)}), dilaksanakan oleh {agency.name} "
            f"({agency.short_name})")


def _copies(services: list[ServiceDenial], profile: SanctionsProfile, signer: str) -> list[str]:
    """The executing agencies, except the signer's own office (a letter is not copied to its writer)."""
    agencies = [profile.agency(a) for a in dict.fromkeys(s.agency_id for s in services)]
    return [f"Kepala {a.name} ({a.short_name})" for a in agencies if a.name.lower() not in signer.lower()]
