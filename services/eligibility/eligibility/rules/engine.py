"""Evaluate one applicant against one regency scheme on a date (docs/API.md §5).

The regulation in force on `as_of` decides; every condition of the scheme becomes a check with
its citation; any failed check makes the applicant ineligible, otherwise any missing fact makes
the answer `needs_information`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .checks import Check, outcome_of, render
from .conditions import EvalContext
from .errors import SchemeNotOffered
from .facts import Facts, build_facts

if TYPE_CHECKING:
    from .profiles import ProfileRegistry, RegencyProfile, Regulation, Scheme


@dataclass(frozen=True)
class Evaluation:
    regency_code: str
    scheme: str
    as_of: dt.date
    outcome: str
    eligible: bool | None
    regulation: Regulation
    programs: tuple[str, ...]          # granted: the scheme's programmes when eligible, else none
    scheme_programs: tuple[str, ...]   # what the scheme grants (run by the regency on as_of)
    checks: tuple[Check, ...]
    missing_facts: tuple[str, ...]
    profile_version: str

    def to_dict(self) -> dict[str, Any]:
        """The docs/API.md §5 response body (plus a few explanatory extras)."""
        return {
            "outcome": self.outcome,
            "eligible": self.eligible,
            "regulation": self.regulation.to_dict(),
            "programs": list(self.programs),
            "checks": [c.to_dict() for c in self.checks],
            "missing_facts": list(self.missing_facts),
            "regency_code": self.regency_code,
            "scheme": self.scheme,
            "as_of": self.as_of.isoformat(),
            "scheme_programs": list(self.scheme_programs),
            "profile_version": self.profile_version,
        }


def resolve_scheme(registry: ProfileRegistry, regency_code: str, scheme: str,
                   as_of: dt.date) -> tuple[RegencyProfile, Scheme]:
    """Profile and compiled scheme in force; raises UnknownRegency (404), SchemeNotOffered (422)
    or NoRegulationInForce (422)."""
    profile = registry.get(regency_code)
    if scheme not in profile.schemes:
        offered = ", ".join(sorted(profile.schemes))
        raise SchemeNotOffered(f"Skema {scheme!r} tidak diselenggarakan oleh Kabupaten {profile.name} / "
                               f"scheme not offered by regency {regency_code}; offered: {sorted(profile.schemes)}",
                               errors=[("scheme", f"skema tidak dikenal / unknown scheme; allowed: {offered} "
                                                  f"(/v1/vocabularies?regency_code={regency_code}#schemes)")])
    regulation = registry.regulation_on(regency_code, as_of)
    compiled = profile.scheme_under(scheme, regulation)
    if compiled is None:
        raise SchemeNotOffered(f"scheme {scheme!r} is not offered under {regulation.title}")
    return profile, compiled


def context_for(profile: RegencyProfile, as_of: dt.date) -> EvalContext:
    return EvalContext(as_of, profile.code, profile.umk_on)


def granted_programs(profile: RegencyProfile, scheme: Scheme, as_of: dt.date) -> tuple[str, ...]:
    """The scheme's programmes the regency runs on that date (Lamandau never JKP)."""
    run = profile.programs_run_on(as_of)
    return tuple(p for p in scheme.programs if run is not None and p in run.value)


def run_checks(scheme: Scheme, facts: Facts, ctx: EvalContext) -> tuple[tuple[Check, ...], tuple[str, ...]]:
    checks = []
    missing: set[str] = set()
    for condition in scheme.conditions:
        result = condition.scalar(facts, ctx)
        checks.append(render(condition, result, ctx))
        missing.update(result.missing)
    return tuple(checks), tuple(f for f in scheme.fact_order if f in missing)


def evaluate(registry: ProfileRegistry, regency_code: str, scheme: str, as_of: dt.date,
             facts: Mapping[str, Any] | Facts) -> Evaluation:
    """Decide one applicant. `facts` is the docs/API.md §5 applicant mapping (or prepared Facts);
    invalid facts raise InvalidFacts (422)."""
    profile, compiled = resolve_scheme(registry, regency_code, scheme, as_of)
    applicant = build_facts(facts, as_of=as_of)
    checks, missing = run_checks(compiled, applicant, context_for(profile, as_of))
    outcome, eligible = outcome_of(checks)
    offered = granted_programs(profile, compiled, as_of)
    return Evaluation(
        regency_code=regency_code, scheme=scheme, as_of=as_of, outcome=outcome, eligible=eligible,
        regulation=compiled.regulation, programs=offered if eligible else (), scheme_programs=offered,
        checks=checks, missing_facts=missing, profile_version=profile.version,
    )
