"""Regency profiles, loaded and validated once into typed, pre-compiled rules.

Reads `profiles/<code>-<slug>/{regency,eligibility,programs}.yaml` and
`profiles/national/{programs,benefits,wages}.yaml` through shared.regulation (the only I/O in
this package). Adding a regency is adding a folder: nothing here names a regency.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from shared.regulation import PROFILES_DIR, Dated, content_version, load_yaml, regency_dirs, value_on

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
        """Read and validate every regency folder with a regency.yaml; ProfileError lists all problems."""
        base = Path(base or PROFILES_DIR)
        problems: list[str] = []
        national = {part: _read(base / "national" / f"{part}.yaml", problems) for part in NATIONAL_PARTS}
        regencies = {}
        for code, folder in regency_dirs(base).items():
            if (folder / "regency.yaml").exists():
                profile = _load_regency(code, folder, national, base, problems)
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


@lru_cache(maxsize=1)
def default_registry() -> ProfileRegistry:
    """The registry of the configured profiles directory, loaded once per process."""
    return ProfileRegistry.load()


def _no_regulation_detail(profile: RegencyProfile, day: dt.date) -> str:
    spans = ", ".join(f"{r.title} berlaku sejak {r.in_force_from.isoformat()}" for r in profile.regulations)
    return (f"Tidak ada peraturan Kabupaten {profile.name} yang berlaku pada {day.isoformat()} ({spans}) / "
            f"no regulation of regency {profile.code} is in force on {day.isoformat()}")


def _read(path: Path, problems: list[str]) -> dict:
    if not path.exists():
        problems.append(f"{path}: missing")
        return {}
    data = load_yaml(path)
    if not isinstance(data, dict):
        problems.append(f"{path}: must be a mapping")
        return {}
    return data


def _load_regency(code: str, folder: Path, national: dict[str, dict], base: Path,
                  problems: list[str]) -> RegencyProfile | None:
    regency = _read(folder / "regency.yaml", problems)
    eligibility = _read(folder / "eligibility.yaml", problems) if (folder / "eligibility.yaml").exists() else {}
    programs = _read(folder / "programs.yaml", problems)
    if str(regency.get("code")) != code:
        problems.append(f"{folder}/regency.yaml: code {regency.get('code')!r} does not match folder {code}")
        return None
    regulations = _regulations(regency, folder, problems)
    if not regulations:
        return None
    current = max(regulations, key=lambda r: r.in_force_from)
    interpretations = _interpretations(regency, eligibility, current.title, folder, problems)

    def compiler(part: str, title: str = current.title) -> Compiler:
        return Compiler(source=str(folder / f"{part}.yaml"), regulation_title=title, interpretations=interpretations)

    national_c = Compiler(source=str(base / "national"), regulation_title="", interpretations=interpretations)
    programs_c = compiler("programs")
    schemes = _schemes(eligibility.get("schemes") or {}, regulations, current, compiler, problems)
    profile_files = tuple(folder / f"{p}.yaml" for p in REGENCY_PARTS if (folder / f"{p}.yaml").exists())
    national_files = tuple(base / "national" / f"{p}.yaml" for p in NATIONAL_PARTS)
    programs_run = programs_c.dated(programs.get("programs_run"), "programs_run")
    _check_program_codes(programs_run, programs_c)
    profile = RegencyProfile(
        code=code, name=str(regency.get("name")), province=str(regency.get("province")),
        regulations=regulations, interpretations=interpretations, schemes=schemes,
        programs_run=programs_run,
        situations=parse_situations(national_c, national["programs"].get("situations"),
                                    programs_c, programs.get("required_programs") or {}),
        benefits=parse_benefit_rules(national_c, national["benefits"], programs_c, programs.get("benefits") or {}),
        umk=_umk(national["wages"], code, national_c),
        jp_retirement_age=national_c.dated(national["programs"].get("jp_retirement_age"), "jp_retirement_age"),
        version=content_version(profile_files + national_files),
        files=profile_files,
    )
    for used in (programs_c, national_c):
        problems.extend(used.problems)
    return profile


def _regulations(regency: dict, folder: Path, problems: list[str]) -> tuple[Regulation, ...]:
    raw = [regency.get("regulation")] + list(regency.get("superseded_regulations") or [])
    out = []
    for i, entry in enumerate(r for r in raw if r is not None):
        try:
            out.append(Regulation(
                id=str(entry["id"]), title=str(entry["title"]), full_title=str(entry.get("full_title", "")),
                enacted=_date(entry["enacted"]), in_force_from=_date(entry["in_force_from"]),
                in_force_until=_date(entry.get("in_force_until")),
            ))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{folder}/regency.yaml: regulation[{i}]: needs id, title, enacted, "
                            f"in_force_from ({exc!r})")
    if not out:
        problems.append(f"{folder}/regency.yaml: no regulation")
    return tuple(out)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _interpretations(regency: dict, eligibility: dict, title: str, folder: Path,
                     problems: list[str]) -> dict[str, Interpretation]:
    compiler = Compiler(source=str(folder), regulation_title=title, interpretations={})
    out: dict[str, Interpretation] = {}
    for part, data in (("regency", regency), ("eligibility", eligibility)):
        for name, entry in (data.get("interpretations") or {}).items():
            where = f"{part}.yaml interpretations.{name}"
            if name in out:
                compiler.problem(where, "defined twice")
            elif not isinstance(entry, dict) or "choice" not in entry or not entry.get("note"):
                compiler.problem(where, "needs choice and note")
            else:
                out[name] = Interpretation(name, entry["choice"], entry["note"],
                                           compiler.citation(entry.get("citation"), where, required=False))
    problems.extend(compiler.problems)
    return out


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
