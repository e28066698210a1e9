"""Required programmes (docs/API.md §6).

National `situations` (profiles/national/programs.yaml) are tried in priority order (migrant,
construction, non-wage, state employer, non-state employer by business scale); the first whose
`when` matches decides. A regency's programs.yaml may replace a situation's rule with its own
article; dates outside the regency rule fall back to the national one. Programmes the regency's
regulation does not run (programs_run) are never listed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import NoRegulationInForce

if TYPE_CHECKING:
    from .compile import Compiler
    from .profiles import ProfileRegistry

PROGRAM_CODES = ("JKK", "JKM", "JHT", "JP", "JKP")
WHEN_KEYS = ("worker_type", "employer_kind", "business_scale", "sector", "migrant")


@dataclass(frozen=True)
class ProgramRule:
    mandatory: tuple[str, ...]
    optional: tuple[str, ...]
    citations: tuple[str, ...]   # the article first, then any it relies on (e.g. a national rule)
    valid_from: dt.date
    valid_until: dt.date | None

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


@dataclass(frozen=True)
class Situation:
    name: str
    label: str
    when: tuple[tuple[str, tuple[Any, ...]], ...]  # key -> accepted values (None = not stated)
    regency_rules: tuple[ProgramRule, ...]
    national_rules: tuple[ProgramRule, ...]

    def matches(self, request: dict[str, Any]) -> bool:
        return all(request.get(key) in accepted for key, accepted in self.when)

    def rule_on(self, day: dt.date) -> ProgramRule | None:
        for rules in (self.regency_rules, self.national_rules):
            in_force = [r for r in rules if r.in_force(day)]
            if in_force:
                return max(in_force, key=lambda r: r.valid_from)
        return None


def parse_situations(national_c: Compiler, raw: Any, regency_c: Compiler,
                     overrides: dict[str, Any]) -> tuple[Situation, ...]:
    if not isinstance(raw, list) or not raw:
        national_c.problem("programs.situations", "must be a non-empty list")
        return ()
    names = [s.get("name") for s in raw if isinstance(s, dict)]
    for unknown in set(overrides) - set(names):
        regency_c.problem(f"required_programs.{unknown}", f"no national situation of that name ({names})")
    out = []
    for i, spec in enumerate(raw):
        where = f"programs.situations[{i}]"
        when = spec.get("when") or {}
        if set(when) - set(WHEN_KEYS):
            national_c.problem(where, f"when keys must be among {WHEN_KEYS}")
        own = overrides.get(spec.get("name"))
        out.append(Situation(
            name=spec["name"], label=str(spec.get("label", spec["name"])),
            when=tuple((k, tuple(v) if isinstance(v, list) else (v,)) for k, v in when.items()),
            regency_rules=_rules(regency_c, own, f"required_programs.{spec['name']}") if own else (),
            national_rules=_rules(national_c, spec.get("rules"), f"{where}.rules"),
        ))
    return tuple(out)


def _rules(c: Compiler, entries: Any, where: str) -> tuple[ProgramRule, ...]:
    out = []
    for entry in c.dated(entries, where):
        value = entry.value
        if not isinstance(value, dict) or set(value) - {"mandatory", "optional", "also_cites"} \
                or entry.citation is None:
            c.problem(where, "each rule is {value: {mandatory, optional, also_cites}, from, until, citation}")
            continue
        mandatory, optional = tuple(value.get("mandatory") or ()), tuple(value.get("optional") or ())
        if set(mandatory + optional) - set(PROGRAM_CODES):
            c.problem(where, f"programme codes must be among {PROGRAM_CODES}")
        also = tuple(filter(None, (c.citation(t, where) for t in value.get("also_cites") or ())))
        out.append(ProgramRule(mandatory, optional, (str(entry.citation),) + also,
                               entry.valid_from, entry.valid_until))
    return tuple(out)


def required_programs(registry: ProfileRegistry, regency_code: str, as_of: dt.date, *,
                      worker_type: str | None = None, employer_kind: str | None = None,
                      business_scale: str | None = None, sector: str | None = None,
                      migrant: bool | None = False) -> dict[str, Any]:
    """{"mandatory", "optional", "citations"} (docs/API.md §6) plus the situation that decided,
    the regulation and the programmes left out because the regency does not run them."""
    profile = registry.get(regency_code)
    regulation = registry.regulation_on(regency_code, as_of)
    run = profile.programs_run_on(as_of)
    if run is None:
        raise NoRegulationInForce(f"no programmes recorded for {regency_code} on {as_of.isoformat()}")
    request = {"worker_type": worker_type, "employer_kind": employer_kind, "business_scale": business_scale,
               "sector": sector, "migrant": bool(migrant)}
    situation, rule = _first_match(profile.situations, request, as_of)
    answer = {"mandatory": [], "optional": [], "citations": [str(run.citation)], "situation": None,
              "regulation": regulation.to_dict(), "not_run": []}
    if rule is None:
        return answer
    mandatory, optional = rule.mandatory, rule.optional
    answer.update(
        situation=situation.name,
        mandatory=[p for p in PROGRAM_CODES if p in mandatory and p in run.value],
        optional=[p for p in PROGRAM_CODES if p in optional and p not in mandatory and p in run.value],
        not_run=[p for p in PROGRAM_CODES if p in mandatory + optional and p not in run.value],
        citations=list(dict.fromkeys(rule.citations + (str(run.citation),))),
    )
    return answer


def _first_match(situations, request, day):
    for situation in situations:
        if situation.matches(request):
            rule = situation.rule_on(day)
            if rule is not None:
                return situation, rule
    return None, None
