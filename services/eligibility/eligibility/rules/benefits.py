"""Benefit rules (Tabalong Pasal 6-11): JHT claim, JP old-age pension or lump sum, JKP exclusions, JKK
claim lapse. Values come from profiles/national/benefits.yaml and programs.yaml (retirement-age
schedule); a regency's programs.yaml `benefits:` may cite its own articles (Tabalong Pasal 6-11)
or replace values. Same check/citation shape as eligibility decisions.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shared.regulation import Dated, value_on

from .age import age_on
from .checks import OUTCOME_ELIGIBLE, OUTCOME_INELIGIBLE, OUTCOME_NEEDS_INFORMATION, Check, outcome_of, render
from .conditions import AgeBetween, AnyOf, EvalContext, FactTrue
from .errors import NoRegulationInForce
from .facts import Facts, build_facts

if TYPE_CHECKING:
    from .compile import Compiler
    from .profiles import ProfileRegistry

OVERRIDABLE = ("jht_claim_age", "jp_min_contribution_months", "jp_retirement_age",
               "jkp_excluded_reasons", "jkk_claim_lapse_years", "jht_event_citations")


@dataclass(frozen=True)
class JhtEvent:
    name: str
    fact: str
    citation: str
    label: str


@dataclass(frozen=True)
class BenefitRules:
    national: dict[str, tuple[Dated, ...]]
    regency: dict[str, tuple[Dated, ...]]
    jht_events: tuple[JhtEvent, ...]
    jkk_lapse_on_anniversary: bool
    jkp_reason_labels: dict[str, str]

    def on(self, key: str, day: dt.date) -> tuple[Any, list[str]]:
        """Value in force and its citations; a regency entry without a value cites its own
        article for the national value."""
        own = value_on(self.regency.get(key, ()), day)
        national = value_on(self.national.get(key, ()), day)
        if own is not None and own.value is not None:
            return own.value, [str(own.citation)]
        cites = [str(e.citation) for e in (own, national) if e is not None and e.citation is not None]
        return (national.value if national else None), cites


@dataclass(frozen=True)
class BenefitDecision:
    benefit: str
    outcome: str
    eligible: bool | None
    checks: tuple[Check, ...]
    missing_facts: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"benefit": self.benefit, "outcome": self.outcome, "eligible": self.eligible,
                "checks": [c.to_dict() for c in self.checks], "missing_facts": list(self.missing_facts),
                **self.details}


def parse_benefit_rules(national_c: Compiler, raw: dict, regency_c: Compiler,
                        overrides: dict) -> BenefitRules:
    national = {key: national_c.dated(raw.get(key), f"benefits.{key}")
                for key in OVERRIDABLE if key not in ("jp_retirement_age", "jht_event_citations")}
    for unknown in set(overrides) - set(OVERRIDABLE):
        regency_c.problem(f"benefits.{unknown}", f"not an overridable benefit rule ({OVERRIDABLE})")
    regency = {key: regency_c.dated([{"value": None, **e} for e in overrides[key]], f"benefits.{key}")
               for key in OVERRIDABLE if key in overrides and key != "jht_event_citations"}
    own_event_cites = overrides.get("jht_event_citations") or {}
    events = tuple(
        JhtEvent(e["name"], e["fact"],
                 (regency_c.citation(own_event_cites[e["name"]], "benefits.jht_event_citations")
                  if e["name"] in own_event_cites else national_c.citation(e.get("citation"), "jht_events")) or "",
                 e.get("label", e["name"]))
        for e in raw.get("jht_events") or [])
    choice = ((raw.get("interpretations") or {}).get("jkk_lapse_on_anniversary") or {}).get("choice")
    if not isinstance(choice, bool):
        national_c.problem("benefits.interpretations.jkk_lapse_on_anniversary", "choice must be true/false")
    return BenefitRules(national, regency, events, bool(choice), dict(raw.get("jkp_reason_labels") or {}))


def _context(registry, regency_code, as_of):
    profile = registry.get(regency_code)
    regulation = registry.regulation_on(regency_code, as_of)
    return profile, regulation, EvalContext(as_of, regency_code)


def _program_check(profile, program: str, as_of: dt.date) -> Check:
    run = profile.programs_run_on(as_of)
    runs = run is not None and program in run.value
    return Check("program_run", runs, f"{program} in programmes run by the regency",
                 {"programs_run": list(run.value) if run else []}, str(run.citation) if run else None)


def jht_claim(registry: ProfileRegistry, regency_code: str, as_of: dt.date,
              facts: Mapping[str, Any] | Facts) -> BenefitDecision:
    """JHT is payable on reaching the claim age, death, total permanent disability or leaving work."""
    profile, regulation, ctx = _context(registry, regency_code, as_of)
    facts = build_facts(facts, as_of=as_of)
    age, cites = profile.benefits.on("jht_claim_age", as_of)
    options = [AgeBetween("claim_age", cites[0] if cites else None, see_also=tuple(cites[1:]),
                          min=age, min_inclusive=True)]
    options += [FactTrue(e.name, e.citation, e.label, fact=e.fact) for e in profile.benefits.jht_events]
    condition = AnyOf("jht_claimable", options[0].citation, options=tuple(options))
    result = condition.scalar(facts, ctx)
    checks = (_program_check(profile, "JHT", as_of), render(condition, result, ctx))
    outcome, eligible = outcome_of(checks)
    return BenefitDecision("JHT", outcome, eligible, checks, result.missing,
                           {"regulation": regulation.to_dict()})


def jp_old_age(registry: ProfileRegistry, regency_code: str, as_of: dt.date,
               facts: Mapping[str, Any] | Facts, contribution_months: int | None) -> BenefitDecision:
    """At the retirement age in force on `as_of`: a monthly old-age pension with at least the
    minimum contribution months, otherwise contributions plus returns paid at once."""
    profile, regulation, ctx = _context(registry, regency_code, as_of)
    facts = build_facts(facts, as_of=as_of)
    retirement_age, age_cites = _retirement_age(profile, as_of)
    min_months, month_cites = profile.benefits.on("jp_min_contribution_months", as_of)
    age = age_on(facts.birth_date, as_of) if facts.birth_date else None
    age_check = Check("retirement_age", None if age is None else age >= retirement_age,
                      f"age >= {retirement_age}", {"age": age, "retirement_age": retirement_age},
                      age_cites[0], see_also=tuple(age_cites[1:]))
    months_check = Check("contribution_months",
                         None if contribution_months is None else contribution_months >= min_months,
                         f"contribution_months >= {min_months}", {"contribution_months": contribution_months},
                         month_cites[0], see_also=tuple(month_cites[1:]))
    program = _program_check(profile, "JP", as_of)
    checks = (program, age_check, months_check)
    missing = tuple(n for n, v in (("birth_date", age), ("contribution_months", contribution_months)) if v is None)
    outcome = _jp_outcome(program.passed, age_check.passed, months_check.passed)
    eligible = {"old_age_pension": True, "lump_sum": True, OUTCOME_NEEDS_INFORMATION: None}.get(outcome, False)
    return BenefitDecision("JP", outcome, eligible, checks, missing,
                           {"regulation": regulation.to_dict(), "retirement_age": retirement_age})


def _jp_outcome(runs: bool, of_age: bool | None, enough_months: bool | None) -> str:
    if not runs:
        return OUTCOME_INELIGIBLE
    if of_age is None:
        return OUTCOME_NEEDS_INFORMATION
    if not of_age:
        return "not_yet_retirement_age"
    if enough_months is None:
        return OUTCOME_NEEDS_INFORMATION
    return "old_age_pension" if enough_months else "lump_sum"


def _retirement_age(profile, day: dt.date) -> tuple[int, list[str]]:
    national = value_on(profile.jp_retirement_age, day)
    own = value_on(profile.benefits.regency.get("jp_retirement_age", ()), day)
    if own is not None and own.value is not None:
        return own.value, [str(own.citation)]
    cites = [str(e.citation) for e in (own, national) if e is not None]
    return national.value, cites


def jkp_claim(registry: ProfileRegistry, regency_code: str, as_of: dt.date,
              termination_reason: str | None) -> BenefitDecision:
    """JKP after a dismissal, except for the excluded reasons (resignation, total permanent
    disability, retirement, death); never where the regency does not run JKP."""
    profile, regulation, _ = _context(registry, regency_code, as_of)
    excluded, cites = profile.benefits.on("jkp_excluded_reasons", as_of)
    reason_check = Check(
        "termination_reason", None if termination_reason is None else termination_reason not in excluded,
        f"termination_reason not in [{', '.join(excluded)}]", {"termination_reason": termination_reason},
        cites[0] if cites else None, profile.benefits.jkp_reason_labels.get(termination_reason or ""),
        tuple(cites[1:]))
    checks = (_program_check(profile, "JKP", as_of), reason_check)
    outcome, eligible = outcome_of(checks)
    missing = ("termination_reason",) if termination_reason is None else ()
    return BenefitDecision("JKP", outcome, eligible, checks, missing, {"regulation": regulation.to_dict()})


def jkk_claim(registry: ProfileRegistry, regency_code: str, claim_date: dt.date,
              event_date: dt.date) -> BenefitDecision:
    """The JKK right lapses a number of years after the accident or the diagnosis of the
    occupational disease; whether the anniversary itself is too late is an interpretation."""
    profile, regulation, _ = _context(registry, regency_code, claim_date)
    years, cites = profile.benefits.on("jkk_claim_lapse_years", event_date)
    if years is None:  # the event predates every lapse rule the profiles know
        raise NoRegulationInForce(f"no JKK claim lapse period in force on {event_date.isoformat()}",
                                  errors=[("event_date", "tidak ada ketentuan masa kedaluwarsa pada tanggal ini / "
                                                         "no lapse period in force on this date")])
    lapses_on = add_years(event_date, years)
    on_anniversary = profile.benefits.jkk_lapse_on_anniversary
    in_time = claim_date < lapses_on if on_anniversary else claim_date <= lapses_on
    requirement = f"claim_date {'<' if on_anniversary else '<='} {lapses_on.isoformat()} ({years} years)"
    check = Check("claim_period", in_time, requirement,
                  {"event_date": event_date.isoformat(), "claim_date": claim_date.isoformat()},
                  cites[0] if cites else None, see_also=tuple(cites[1:]))
    checks = (_program_check(profile, "JKK", claim_date), check)
    outcome, eligible = outcome_of(checks)
    return BenefitDecision("JKK", outcome, eligible, checks, (),
                           {"regulation": regulation.to_dict(), "lapses_on": lapses_on.isoformat()})


def add_years(day: dt.date, years: int) -> dt.date:
    """Same calendar day `years` later; 29 February becomes 28 February in a non-leap year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return day.replace(year=year)


__all__ = ["BenefitDecision", "BenefitRules", "jht_claim", "jp_old_age", "jkp_claim", "jkk_claim",
           "OUTCOME_ELIGIBLE", "OUTCOME_INELIGIBLE"]
