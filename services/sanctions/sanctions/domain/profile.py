"""A regency's sanction profile as typed, validated data.

`load_sanctions_profile("6207")` reads `profiles/national/sanctions.yaml` and
`profiles/6207-lamandau/sanctions.yaml`, merges them (the regency's sections replace the
national ones they name; what the regency leaves out is national) and validates every id and
citation. Every rule item carries its effective dates; the query methods take the decision
date and return only what is in force on it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.regulation import Citation, Dated, value_on

from .vocabulary import FINE, TMP2T, WARNING, WORKING_DAYS


class ProfileError(ValueError):
    """A sanctions profile that cannot be used; `problems` lists every defect found."""

    def __init__(self, regency_code: str, problems: list[str]):
        self.regency_code = regency_code
        self.problems = problems
        super().__init__(f"sanctions profile {regency_code}: " + "; ".join(problems))


@dataclass(frozen=True)
class Period:
    days: int
    unit: str = WORKING_DAYS

    def describe(self) -> str:
        return f"{self.days} hari kerja" if self.unit == WORKING_DAYS else f"{self.days} hari"


@dataclass(frozen=True)
class InForce:
    """Effective dates of one rule item: `valid_from` inclusive, `valid_until` exclusive."""

    valid_from: dt.date
    valid_until: dt.date | None

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    short_name: str
    role: str
    citation: Citation | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "short_name": self.short_name, "role": self.role,
                "citation": str(self.citation) if self.citation else None}


@dataclass(frozen=True)
class LiftingRule:
    all_of: tuple[str, ...]
    citation: Citation


@dataclass(frozen=True)
class Violation:
    id: str
    label: str
    subjects: frozenset[str]
    duty_citation: Citation
    citation: Citation
    obligation_evidence: tuple[str, ...]
    lifting: LiftingRule | None
    period: InForce
    also: tuple[Citation, ...] = ()
    interpretation: str | None = None


@dataclass(frozen=True)
class SubjectExclusion:
    subject: str
    citation: Citation


@dataclass(frozen=True)
class LadderStep:
    step: str
    subjects: frozenset[str]
    issued_by: str
    label: str
    citation: Citation
    period: InForce
    subject_exclusions: tuple[SubjectExclusion, ...] = ()
    escalation_citation: Citation | None = None
    interpretation: str | None = None

    def exclusion_for(self, subject_kind: str) -> SubjectExclusion | None:
        return next((e for e in self.subject_exclusions if e.subject == subject_kind), None)


@dataclass(frozen=True)
class Prerequisite:
    id: str
    label: str
    citation: Citation
    period: InForce
    also: tuple[Citation, ...] = ()
    interpretation: str | None = None


@dataclass(frozen=True)
class ServiceDenial:
    service: str
    label: str
    citation: Citation
    agency_id: str
    agency_citation: Citation | None
    period: InForce
    from_permit_year: int | None = None
    interpretation: str | None = None


@dataclass(frozen=True)
class CommitmentRule:
    label: str
    citation: Citation
    missed_deadline_citation: Citation
    escalate_to: str
    default_deadline: Period
    period: InForce
    interpretation: str | None = None


@dataclass(frozen=True)
class LicensingRequirement:
    id: str
    label: str
    kinds: frozenset[str]
    services: frozenset[str] | None  # None: every service
    accepted_documents: frozenset[str]
    citation: Citation
    period: InForce
    interpretation: str | None = None
    finding: str | None = None       # system finding raised when this document is missing

    def applies_to(self, service: str, kind: str) -> bool:
        return kind in self.kinds and (self.services is None or service in self.services)


@dataclass(frozen=True)
class LetterSigner:
    """Who heads and signs one kind of letter (administrative data, not law)."""

    issuer: str
    signatory_title: str


@dataclass(frozen=True)
class Interpretation:
    name: str
    choice: Any
    note: str
    citation: Citation | None = None


@dataclass(frozen=True)
class SanctionsProfile:
    regency_code: str
    regulation_title: str
    in_force_from: dt.date | None
    agencies: dict[str, Agency]
    violations: tuple[Violation, ...]
    ladder: tuple[LadderStep, ...]
    prerequisites: tuple[Prerequisite, ...]
    services: tuple[ServiceDenial, ...]
    commitments: tuple[CommitmentRule, ...]
    licensing: tuple[LicensingRequirement, ...]
    parameters: dict[str, list[Dated[Any]]]
    interpretations: dict[str, Interpretation]
    version: str = ""
    reference_titles: frozenset[str] = field(default_factory=frozenset)
    regency_name: str = ""                                         # "Kabupaten Lamandau"
    findings: dict[str, str | None] = field(default_factory=dict)  # system finding code -> violation id
    letter_place: str = ""                                         # where letters are signed
    letter_signers: dict[str, LetterSigner] = field(default_factory=dict)  # letter kind -> signer

    # --- queries by decision date -------------------------------------------------------
    def violation(self, violation_id: str, on: dt.date) -> Violation | None:
        return _latest(v for v in self.violations if v.id == violation_id and v.period.in_force(on))

    def violation_for_finding(self, code: str, on: dt.date) -> Violation | None:
        """The violation a system finding (registry event, licence check) is, if sanctionable here.
        A code the profile does not map is read as a violation id; one mapped to null is not."""
        violation_id = self.findings.get(code, code)
        return self.violation(violation_id, on) if violation_id else None

    def violations_on(self, on: dt.date) -> list[Violation]:
        return _latest_by_key(self.violations, on, key=lambda v: v.id)

    def step(self, name: str, on: dt.date) -> LadderStep | None:
        return _latest(s for s in self.ladder if s.step == name and s.period.in_force(on))

    def ladder_for(self, subject_kind: str, on: dt.date) -> list[LadderStep]:
        """The steps that may be applied to this kind of subject, in ladder order."""
        steps = (self.step(name, on) for name in (WARNING, FINE, TMP2T))
        return [s for s in steps if s is not None and subject_kind in s.subjects]

    def prerequisites_on(self, on: dt.date) -> list[Prerequisite]:
        return _latest_by_key(self.prerequisites, on, key=lambda p: p.id)

    def services_on(self, on: dt.date) -> dict[str, ServiceDenial]:
        return {s.service: s for s in _latest_by_key(self.services, on, key=lambda s: s.service)}

    def commitment_on(self, on: dt.date) -> CommitmentRule | None:
        return _latest(c for c in self.commitments if c.period.in_force(on))

    def licensing_on(self, on: dt.date) -> list[LicensingRequirement]:
        return _latest_by_key(self.licensing, on, key=lambda r: r.id)

    def parameter(self, name: str, on: dt.date) -> Dated[Any]:
        entry = value_on(self.parameters.get(name, []), on)
        if entry is None:
            raise ProfileError(self.regency_code, [f"parameter {name} has no value in force on {on}"])
        return entry

    def period_parameter(self, name: str, on: dt.date) -> tuple[Period, Citation | None]:
        entry = self.parameter(name, on)
        return Period(int(entry.value["days"]), entry.value.get("unit", WORKING_DAYS)), entry.citation

    def choice(self, name: str, default: Any = None) -> Any:
        found = self.interpretations.get(name)
        return found.choice if found else default

    def agency(self, agency_id: str) -> Agency:
        return self.agencies[agency_id]


def _latest(items):
    items = list(items)
    return max(items, key=lambda i: i.period.valid_from) if items else None


def _latest_by_key(items, on: dt.date, *, key) -> list:
    """Items in force on a date; per key the latest start wins; first-seen order is kept."""
    chosen: dict[Any, Any] = {}
    for item in items:
        if item.period.in_force(on):
            current = chosen.get(key(item))
            if current is None or item.period.valid_from >= current.period.valid_from:
                chosen[key(item)] = item
    return list(chosen.values())


def load_sanctions_profile(regency_code: str, base: Path | None = None) -> SanctionsProfile:
    """Load, merge and validate national + regency sanction profiles. Raises ProfileError."""
    from .profile_parsing import build_profile  # parsing lives apart to keep this file readable

    return build_profile(regency_code, base)


__all__ = [
    "Agency", "CommitmentRule", "InForce", "Interpretation", "LadderStep", "LetterSigner", "LicensingRequirement",
    "LiftingRule", "Period", "Prerequisite", "ProfileError", "SanctionsProfile", "ServiceDenial",
    "SubjectExclusion", "Violation", "load_sanctions_profile",
]
