"""Regency profiles, loaded and validated once into typed, pre-compiled rules.

Takes `{regency,eligibility,programs}` and `national/{programs,benefits,wages}` from the
regulation kernel (shared.regulation, which reads and validates every file; the part models
are in eligibility/profile_parts.py). Adding a regency is adding a folder: nothing here names
a regency.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from shared.regulation import Citation, Dated, ProfileProblems, Profiles, Regency, profile_cache, profiles_at, value_on

from .benefits import BenefitRules, parse_benefit_rules
from .compile import Compiler, Interpretation
from .conditions import Condition
from .errors import NoRegulationInForce, ProfileError, UnknownRegency
from .programs import PROGRAM_CODES, Situation, parse_situations
from .ranking import RankingRule, parse_ranking
from .reverification import ReverificationRules, parse_reverification

REGENCY_PARTS = ("regency", "eligibility", "programs")
NATIONAL_PARTS = ("programs", "benefits", "wages")


@dataclass(frozen=True)
class Regulation:
    id: str
    title: str
    full_title: str
    enacted: dt.date
    in_force_from: dt.date
    in_force_until: dt.date | None  # exclusive

    def in_force(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "in_force_from": self.in_force_from.isoformat()}


@dataclass(frozen=True)
class Scheme:
    id: str
    label: str
    regulation: Regulation
    citation: str
    programs: tuple[str, ...]
    programs_citation: str
    conditions: tuple[Condition, ...]
    fact_order: tuple[str, ...]  # canonical order of missing facts (first mention in conditions)
    ranking: RankingRule | None = None
    reverification: ReverificationRules | None = None


@dataclass(frozen=True)
class RegencyProfile:
    code: str
    name: str
    province: str
    regulations: tuple[Regulation, ...]
    interpretations: dict[str, Interpretation]
    schemes: dict[str, tuple[Scheme, ...]]
    programs_run: tuple[Dated, ...]
    situations: tuple[Situation, ...]
    benefits: BenefitRules
    umk: tuple[Dated, ...]
    jp_retirement_age: tuple[Dated, ...]
    version: str
    files: tuple[Path, ...] = field(default=(), repr=False)

    def regulation_on(self, day: dt.date) -> Regulation | None:
        in_force = [r for r in self.regulations if r.in_force(day)]
        return max(in_force, key=lambda r: r.in_force_from) if in_force else None

    def scheme_under(self, scheme_id: str, regulation: Regulation) -> Scheme | None:
        return next((s for s in self.schemes.get(scheme_id, ()) if s.regulation.id == regulation.id), None)

    def programs_run_on(self, day: dt.date) -> Dated | None:
        return value_on(self.programs_run, day)

    def umk_on(self, day: dt.date) -> int | None:
        entry = value_on(self.umk, day)
        return entry.value if entry else None

    def interpretation(self, name: str) -> Interpretation:
        return self.interpretations[name]


class ProfileRegistry:
    """All regency profiles, compiled once. Lookups raise the domain errors the HTTP layer maps."""

    def __init__(self, regencies: dict[str, RegencyProfile]):
        self._regencies = regencies

    @classmethod
    def load(cls, base: Path | None = None) -> ProfileRegistry:
        """Compile every regency of the kernel's profiles; ProfileError lists all problems."""
        try:
            loaded = profiles_at(base)
        except ProfileProblems as exc:
            raise ProfileError([str(p) for p in exc.problems]) from None
        return cls.from_profiles(loaded)

    @classmethod
    def from_profiles(cls, loaded: Profiles) -> ProfileRegistry:
        problems: list[str] = []
        regencies = {}
        for code, regency in loaded.regencies.items():
            profile = _load_regency(regency, loaded, problems)
            if profile is not None:
                regencies[code] = profile
        if problems:
            raise ProfileError(list(dict.fromkeys(problems)))  # national problems repeat per regency
        return cls(regencies)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted(self._regencies))

    def get(self, regency_code: str) -> RegencyProfile:
        try:
            return self._regencies[regency_code]
        except (KeyError, TypeError):
            raise UnknownRegency(f"Kabupaten {regency_code!r} tidak dikenal / unknown regency") from None

    def regulation_on(self, regency_code: str, day: dt.date) -> Regulation:
        profile = self.get(regency_code)
        regulation = profile.regulation_on(day)
        if regulation is None:
            raise NoRegulationInForce(_no_regulation_detail(profile, day))
        return regulation


@profile_cache
def default_registry() -> ProfileRegistry:
    """The registry of the configured profiles directory, loaded once per process."""
    return ProfileRegistry.load()


def _no_regulation_detail(profile: RegencyProfile, day: dt.date) -> str:
    spans = ", ".join(f"{r.title} berlaku sejak {r.in_force_from.isoformat()}" for r in profile.regulations)
    return (f"Tidak ada peraturan Kabupaten {profile.name} yang berlaku pada {day.isoformat()} ({spans}) / "
            f"no regulation of regency {profile.code} is in force on {day.isoformat()}")


def _load_regency(regency: Regency, loaded: Profiles, problems: list[str]) -> RegencyProfile | None:
    code, folder = regency.code, regency.folder
    eligibility = regency.part("eligibility") or {}
    programs = regency.part("programs") or {}
    national = {part: loaded.national_part(part) for part in NATIONAL_PARTS}
    regulations = tuple(Regulation(r.id, r.title, r.full_title, r.enacted, r.from_, r.until)
                        for r in regency.regulations)
    current = max(regulations, key=lambda r: r.in_force_from)
    interpretations = _interpretations(regency)
    occupations = {category["id"]: tuple((o["id"], o["label"]) for o in category.get("occupations") or ())
                   for category in (regency.part("participants") or {}).get("categories") or ()}

    def compiler(part: str, title: str = current.title) -> Compiler:
        return Compiler(source=str(folder / f"{part}.yaml"), regulation_title=title, interpretations=interpretations,
                        occupations=occupations)

    national_c = Compiler(source=str(loaded.base / "national"), regulation_title="", interpretations=interpretations)
    programs_c = compiler("programs")
    schemes = _schemes(eligibility.get("schemes") or {}, regulations, current, compiler, problems)
    programs_run = programs_c.dated(programs.get("programs_run"), "programs_run")
    _check_program_codes(programs_run, programs_c)
    profile = RegencyProfile(
        code=code, name=regency.identity.name, province=regency.identity.province,
        regulations=regulations, interpretations=interpretations, schemes=schemes,
        programs_run=programs_run,
        situations=parse_situations(national_c, national["programs"].get("situations"),
                                    programs_c, programs.get("required_programs") or {}),
        benefits=parse_benefit_rules(national_c, national["benefits"], programs_c, programs.get("benefits") or {}),
        umk=_umk(national["wages"], code, national_c),
        jp_retirement_age=national_c.dated(national["programs"].get("jp_retirement_age"), "jp_retirement_age"),
        version=loaded.version(code, REGENCY_PARTS, NATIONAL_PARTS),
        files=tuple(regency.path(p) for p in REGENCY_PARTS if regency.has(p)),
    )
    shared_c = compiler("eligibility")
    _check_shared_facts(regency, schemes, shared_c)
    for used in (programs_c, national_c, shared_c):
        problems.extend(used.problems)
    return profile


def _check_shared_facts(regency: Regency, schemes: dict[str, tuple[Scheme, ...]], c: Compiler) -> None:
    """Termination reasons and recipient categories have one home (registry.yaml, participants.yaml):
    re-verification refers to them by id, and an id must exist there."""
    reasons = {r["id"] for r in ((regency.part("registry") or {}).get("termination") or {}).get("reasons") or ()}
    categories = {k["id"] for k in (regency.part("participants") or {}).get("categories") or ()}
    for scheme in (s for group in schemes.values() for s in group if s.reverification):
        where = f"schemes.{scheme.id}.reverification"
        for rule in scheme.reverification.reasons:
            if reasons and rule.reason not in reasons:
                c.problem(where, f"reason {rule.reason!r} is not in registry.yaml termination.reasons")
        for category in scheme.reverification.recipient_categories:
            if categories and category not in categories:
                c.problem(where, f"recipient category {category!r} is not in participants.yaml categories")


def _interpretations(regency: Regency) -> dict[str, Interpretation]:
    """The interpretations of regency.yaml and eligibility.yaml (validated by the kernel)."""
    own = {**regency.identity.interpretations, **((regency.model("eligibility") or {}) and
                                                  regency.model("eligibility").interpretations)}
    return {name: Interpretation(name, i.choice, i.note,
                                 str(Citation.parse(i.citation, regulation=regency.title)) if i.citation else None)
            for name, i in own.items()}


def _schemes(raw: dict, regulations, current, compiler, problems: list[str]) -> dict[str, tuple[Scheme, ...]]:
    by_id = {r.id: r for r in regulations}
    out: dict[str, list[Scheme]] = {}
    for key, spec in raw.items():
        regulation = by_id.get(spec.get("regulation", current.id))
        c = compiler("eligibility", regulation.title if regulation else current.title)
        if regulation is None:
            c.problem(f"schemes.{key}", f"unknown regulation {spec.get('regulation')!r}")
        else:
            scheme = _scheme(str(spec.get("id", key)), spec, regulation, c)
            out.setdefault(scheme.id, []).append(scheme)
        problems.extend(c.problems)
    return {k: tuple(v) for k, v in out.items()}


def _scheme(scheme_id: str, spec: dict, regulation: Regulation, c: Compiler) -> Scheme:
    where = f"schemes.{scheme_id}"
    conditions = tuple(filter(None, (c.condition(s, f"{where}.conditions[{i}]")
                                     for i, s in enumerate(spec.get("conditions") or []))))
    names = [cond.name for cond in conditions]
    if len(set(names)) != len(names) or not conditions:
        c.problem(where, f"conditions must be a non-empty list with unique names, got {names}")
    programs = spec.get("programs") or {}
    codes = tuple(programs.get("value") or ())
    if not codes or set(codes) - set(PROGRAM_CODES):
        c.problem(where, f"programs.value must list programme codes {PROGRAM_CODES}")
    order = tuple(dict.fromkeys(f for cond in conditions for f in cond.needs()))
    return Scheme(
        id=scheme_id, label=str(spec.get("label", scheme_id)), regulation=regulation,
        citation=c.citation(spec.get("citation"), where) or "", programs=codes,
        programs_citation=c.citation(programs.get("citation"), f"{where}.programs") or "",
        conditions=conditions, fact_order=order,
        ranking=parse_ranking(c, spec["ranking"], f"{where}.ranking") if spec.get("ranking") else None,
        reverification=(parse_reverification(c, spec["reverification"], f"{where}.reverification", names)
                        if spec.get("reverification") else None),
    )


def _umk(wages: dict, code: str, c: Compiler) -> tuple[Dated, ...]:
    entries = (wages.get("umk") or {}).get(code)
    return c.dated(entries, f"wages.umk.{code}") if entries else ()


def _check_program_codes(entries: tuple[Dated, ...], c: Compiler) -> None:
    for entry in entries:
        if not isinstance(entry.value, list) or set(entry.value) - set(PROGRAM_CODES):
            c.problem("programs_run", f"value must list programme codes {PROGRAM_CODES}")
