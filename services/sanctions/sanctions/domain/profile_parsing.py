"""Reading `sanctions.yaml` files into `SanctionsProfile` (see profile.py), collecting every
defect before failing so a profile author sees all of them at once."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from shared.regulation import Citation, ProfileProblems, Profiles, as_date, dated_list, profiles_at

from .profile import (
    Agency,
    CommitmentRule,
    InForce,
    Interpretation,
    LadderStep,
    LetterSigner,
    LicensingRequirement,
    LiftingRule,
    Period,
    Prerequisite,
    ProfileError,
    SanctionsProfile,
    ServiceDenial,
    SubjectExclusion,
    Violation,
)
from .vocabulary import (
    APPLICATION_KINDS,
    DEADLINE_UNITS,
    EVIDENCE_KINDS,
    LADDER_STEPS,
    PREREQUISITES,
    SERVICES,
    SUBJECT_KINDS,
    TMP2T,
)

PART = "sanctions"
# Sections a regency file replaces as a whole when it has them; otherwise the national one holds.
WHOLE_SECTIONS = ("violations", "ladder", "tmp2t_prerequisites", "services_denied",
                  "commitment", "licensing_requirements")


def build_profile(regency_code: str, base: Path | None = None) -> SanctionsProfile:
    """The sanctions profile of a regency from the kernel's validated parts (sanctions.yaml over
    national/sanctions.yaml); citations are read against regency.yaml's regulation title."""
    try:
        loaded = profiles_at(base)
    except ProfileProblems as exc:
        raise ProfileError(regency_code, [str(p) for p in exc.problems]) from None
    return build_from(loaded, regency_code)


def build_from(loaded: Profiles, regency_code: str) -> SanctionsProfile:
    regency = loaded.regency(regency_code)
    if regency is None or not regency.has(PART):
        raise ProfileError(regency_code, ["no sanctions.yaml for this regency"])
    national = loaded.national_part(PART)
    references = frozenset(r["title"] for r in (national.get("references") or {}).values())
    reader = _Reader(regency_code, regency.title, references, regency.identity.name_full)
    profile = reader.read(national, regency.part(PART), regency.regulation.from_)
    reader.check_links(profile)
    if reader.problems:
        raise ProfileError(regency_code, reader.problems)
    return _with_version(profile, loaded.version(regency_code, (PART, "regency"), (PART,)))


def _with_version(profile: SanctionsProfile, version: str) -> SanctionsProfile:
    from dataclasses import replace

    return replace(profile, version=version)


class _Reader:
    def __init__(self, regency_code: str, title: str, references: frozenset[str], regency_name: str):
        self.regency_code, self.title, self.references = regency_code, title, references
        self.regency_name = regency_name
        self.problems: list[str] = []

    # --- whole profile ----------------------------------------------------------------------
    def read(self, national: dict, regency: dict, in_force_from) -> SanctionsProfile:
        own = self._section_owner(national, regency)
        violations = self._violations(*own("violations"), national)
        agencies = {**(national.get("agencies") or {}), **(regency.get("agencies") or {})}
        return SanctionsProfile(
            regency_code=self.regency_code,
            regulation_title=self.title,
            in_force_from=in_force_from,
            agencies={k: self._agency(k, v, self._default_for(k, regency)) for k, v in agencies.items()},
            violations=violations,
            ladder=self._items(*own("ladder"), self._ladder_step),
            prerequisites=self._items(*own("tmp2t_prerequisites"), self._prerequisite),
            services=self._items(*own("services_denied"), self._service),
            commitments=self._items(*own("commitment"), self._commitment),
            licensing=self._items(*own("licensing_requirements"), self._licensing),
            parameters=self._parameters(national, regency),
            interpretations=self._interpretations(national, regency),
            reference_titles=self.references,
            regency_name=self.regency_name,
            findings={**(national.get("system_findings") or {}), **(regency.get("system_findings") or {})},
            **self._letters(national.get("letters") or {}, regency.get("letters") or {}),
        )

    def _letters(self, national: dict, regency: dict) -> dict:
        """Letter place and signers: the regency's entries over the national ones; `{regency}` in a
        name is the regency's short name (e.g. "Bupati {regency}")."""
        short = self.regency_name.removeprefix("Kabupaten ").strip()
        signers = {}
        for kind in ("warning", "sanction_request", "decision"):
            entry = {**(national.get(kind) or {}), **(regency.get(kind) or {})}
            if not entry.get("issuer") or not entry.get("signatory_title"):
                self.problems.append(f"letters.{kind}: needs an issuer and a signatory_title")
                continue
            signers[kind] = LetterSigner(entry["issuer"].format(regency=short),
                                         entry["signatory_title"].format(regency=short))
        # without a recorded seat, the regency's name stands in for the place of signing
        place = regency.get("place") or national.get("place") or short
        return {"letter_place": str(place), "letter_signers": signers}

    def _section_owner(self, national: dict, regency: dict) -> Callable[[str], tuple[list, str]]:
        def owner(section: str) -> tuple[list, str]:
            if section in regency:
                return list(regency.get(section) or []), self.title
            return list(national.get(section) or []), ""
        return owner

    def _default_for(self, agency_id: str, regency: dict) -> str:
        return self.title if agency_id in (regency.get("agencies") or {}) else ""

    def _items(self, entries: list, default_regulation: str, build: Callable[[dict, str], Any]) -> tuple:
        out = []
        for index, entry in enumerate(entries):
            try:
                out.append(build(entry, default_regulation))
            except (KeyError, TypeError, ValueError) as exc:
                self.problems.append(f"{build.__name__.strip('_')} #{index + 1}: {exc!r}")
        return tuple(out)

    # --- single items -----------------------------------------------------------------------
    def _violations(self, entries: list, default: str, national: dict) -> tuple[Violation, ...]:
        national_lifting = {v["id"]: v.get("lifting") for v in national.get("violations") or []}

        def build(entry: dict, regulation: str) -> Violation:
            lifting = entry.get("lifting")
            lifting_regulation = regulation
            if lifting is None and national_lifting.get(entry["id"]):
                lifting, lifting_regulation = national_lifting[entry["id"]], ""
            return Violation(
                id=entry["id"], label=entry["label"], subjects=self._subjects(entry["subjects"]),
                duty_citation=self.cite(entry["duty_citation"], regulation),
                citation=self.cite(entry["citation"], regulation),
                obligation_evidence=self._evidence(entry.get("obligation_evidence") or []),
                lifting=self._lifting(lifting, lifting_regulation) if lifting else None,
                period=self._period(entry), also=self._also(entry, regulation),
                interpretation=entry.get("interpretation"),
            )
        return self._items(entries, default, build)

    def _lifting(self, entry: dict, regulation: str) -> LiftingRule:
        return LiftingRule(all_of=self._evidence(entry["all_of"]), citation=self.cite(entry["citation"], regulation))

    def _ladder_step(self, entry: dict, regulation: str) -> LadderStep:
        if entry["step"] not in LADDER_STEPS:
            raise ValueError(f"unknown step {entry['step']}")
        exclusions = tuple(SubjectExclusion(self._subject(e["subject"]), self.cite(e["citation"], regulation))
                           for e in entry.get("subject_exclusions") or [])
        escalation = entry.get("escalation_citation")
        return LadderStep(
            step=entry["step"], subjects=self._subjects(entry["subjects"]), issued_by=entry["issued_by"],
            label=entry["label"], citation=self.cite(entry["citation"], regulation), period=self._period(entry),
            subject_exclusions=exclusions,
            escalation_citation=self.cite(escalation, regulation) if escalation else None,
            interpretation=entry.get("interpretation"),
        )

    def _prerequisite(self, entry: dict, regulation: str) -> Prerequisite:
        if entry["id"] not in PREREQUISITES:
            raise ValueError(f"unknown prerequisite {entry['id']}")
        return Prerequisite(id=entry["id"], label=entry["label"], citation=self.cite(entry["citation"], regulation),
                            period=self._period(entry), also=self._also(entry, regulation),
                            interpretation=entry.get("interpretation"))

    def _service(self, entry: dict, regulation: str) -> ServiceDenial:
        if entry["service"] not in SERVICES:
            raise ValueError(f"unknown service {entry['service']}")
        agency_citation = entry.get("agency_citation")
        year = entry.get("from_permit_year")
        return ServiceDenial(
            service=entry["service"], label=entry["label"], citation=self.cite(entry["citation"], regulation),
            agency_id=entry["agency"],
            agency_citation=self.cite(agency_citation, regulation) if agency_citation else None,
            period=self._period(entry), from_permit_year=int(year) if year is not None else None,
            interpretation=entry.get("interpretation"),
        )

    def _commitment(self, entry: dict, regulation: str) -> CommitmentRule:
        if entry["escalate_to"] not in LADDER_STEPS:
            raise ValueError(f"unknown escalation step {entry['escalate_to']}")
        return CommitmentRule(
            label=entry["label"], citation=self.cite(entry["citation"], regulation),
            missed_deadline_citation=self.cite(entry["missed_deadline_citation"], regulation),
            escalate_to=entry["escalate_to"], default_deadline=self._deadline(entry["default_deadline"]),
            period=self._period(entry), interpretation=entry.get("interpretation"),
        )

    def _licensing(self, entry: dict, regulation: str) -> LicensingRequirement:
        kinds = frozenset(entry["kinds"])
        if not kinds <= APPLICATION_KINDS:
            raise ValueError(f"unknown application kinds {sorted(kinds - APPLICATION_KINDS)}")
        services = entry.get("services", "all")
        if services != "all" and not set(services) <= SERVICES:
            raise ValueError(f"unknown services {sorted(set(services) - SERVICES)}")
        return LicensingRequirement(
            id=entry["id"], label=entry["label"], kinds=kinds,
            services=None if services == "all" else frozenset(services),
            accepted_documents=frozenset(entry["accepted_documents"]),
            citation=self.cite(entry["citation"], regulation), period=self._period(entry),
            interpretation=entry.get("interpretation"), finding=entry.get("finding"),
        )

    def _agency(self, agency_id: str, entry: dict, regulation: str) -> Agency:
        citation = entry.get("citation")
        return Agency(id=agency_id, name=entry["name"], short_name=entry["short_name"], role=entry.get("role", ""),
                      citation=self.cite(citation, regulation) if citation else None)

    def _parameters(self, national: dict, regency: dict) -> dict:
        merged = {**(national.get("parameters") or {}), **(regency.get("parameters") or {})}
        own = set(regency.get("parameters") or {})
        out = {}
        for name, entries in merged.items():
            regulation = self.title if name in own else ""
            out[name] = dated_list(entries, regulation=regulation)
            for entry in entries:
                self.cite(entry.get("citation", ""), regulation)
        return out

    def _interpretations(self, national: dict, regency: dict) -> dict[str, Interpretation]:
        out = {}
        for source, regulation in ((national, ""), (regency, self.title)):
            for name, entry in (source.get("interpretations") or {}).items():
                citation = entry.get("citation")
                if "choice" not in entry or not entry.get("note"):
                    self.problems.append(f"interpretation {name}: needs a choice and a note")
                out[name] = Interpretation(name, entry.get("choice"), entry.get("note", ""),
                                           self.cite(citation, regulation) if citation else None)
        return out

    # --- small readers ----------------------------------------------------------------------
    def cite(self, text: str, regulation: str) -> Citation:
        """Parse a citation; it must point at an article of our regulation or name a known one."""
        citation = Citation.parse(str(text), regulation=regulation or self.title)
        known = citation.regulation in self.references or citation.regulation == self.title
        foreign_ok = citation.regulation in self.references
        if not text or not known or (not foreign_ok and citation.pasal is None):
            self.problems.append(f"citation {text!r} is not an article of {self.title!r} or a known regulation")
        if not regulation and citation.regulation == self.title and citation.pasal and not foreign_ok:
            self.problems.append(f"national citation {text!r} must name its regulation")
        return citation

    def _also(self, entry: dict, regulation: str) -> tuple[Citation, ...]:
        return tuple(self.cite(text, regulation) for text in entry.get("also") or [])

    def _period(self, entry: dict) -> InForce:
        if "from" not in entry:
            raise ValueError("missing effective date `from`")
        return InForce(as_date(entry["from"]), as_date(entry.get("until")))

    def _deadline(self, entry: dict) -> Period:
        period = Period(int(entry["days"]), entry.get("unit", "working_days"))
        if period.unit not in DEADLINE_UNITS:
            raise ValueError(f"unknown deadline unit {period.unit}")
        return period

    def _subjects(self, kinds: list) -> frozenset[str]:
        return frozenset(self._subject(k) for k in kinds)

    def _subject(self, kind: str) -> str:
        if kind not in SUBJECT_KINDS:
            raise ValueError(f"unknown subject kind {kind}")
        return kind

    def _evidence(self, kinds: list) -> tuple[str, ...]:
        unknown = [k for k in kinds if k not in EVIDENCE_KINDS]
        if unknown:
            raise ValueError(f"unknown evidence kinds {unknown}")
        return tuple(kinds)

    # --- cross-references -------------------------------------------------------------------
    def check_links(self, profile: SanctionsProfile) -> None:
        for service in profile.services:
            if service.agency_id not in profile.agencies:
                self.problems.append(f"service {service.service}: unknown agency {service.agency_id}")
        named = [i for group in (profile.violations, profile.ladder, profile.prerequisites, profile.services,
                                 profile.commitments, profile.licensing) for i in group if i.interpretation]
        for item in named:
            if item.interpretation not in profile.interpretations:
                self.problems.append(f"interpretation {item.interpretation} is used but not defined")
        for code, violation_id in profile.findings.items():
            if violation_id is not None and not any(v.id == violation_id for v in profile.violations):
                self.problems.append(f"system finding {code}: unknown violation {violation_id}")
        for requirement in profile.licensing:
            if requirement.finding is not None and requirement.finding not in profile.findings:
                self.problems.append(f"licensing requirement {requirement.id}: finding {requirement.finding} "
                                     "is not in system_findings")
        tmp2t_subjects = {s for step in profile.ladder if step.step == TMP2T for s in step.subjects}
        for violation in profile.violations:
            if violation.subjects & tmp2t_subjects and violation.lifting is None:
                self.problems.append(f"violation {violation.id}: TMP2T possible but no lifting rule")
