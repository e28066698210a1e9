"""The law as data, for people to read: a regency's regulations, the one in force on a date,
its schemes with every condition's requirement and article, and the named interpretations."""
from __future__ import annotations

import datetime as dt
from typing import Any

from eligibility.rules import RegencyProfile, Regulation, Scheme
from eligibility.rules.conditions import Condition, EvalContext
from eligibility.rules.engine import context_for


def summary(profile: RegencyProfile, day: dt.date) -> dict[str, Any]:
    regulation = profile.regulation_on(day)
    return {"regency_code": profile.code, "name": profile.name, "province": profile.province,
            "regulation": _regulation(regulation) if regulation else None, "version": profile.version,
            "schemes": sorted(profile.schemes)}


def detail(profile: RegencyProfile, day: dt.date) -> dict[str, Any]:
    regulation = profile.regulation_on(day)
    ctx = context_for(profile, day)
    schemes = [s for s in (profile.scheme_under(k, regulation) for k in sorted(profile.schemes)) if s] \
        if regulation else []
    run = profile.programs_run_on(day)
    return {
        **summary(profile, day), "as_of": day.isoformat(),
        "regulations": [_regulation(r) for r in sorted(profile.regulations, key=lambda r: r.in_force_from)],
        "programs_run": {"programs": list(run.value), "citation": str(run.citation)} if run else None,
        "umk": profile.umk_on(day),
        "schemes": [_scheme(s, ctx) for s in schemes],
        "interpretations": [{"name": i.name, "choice": i.choice, "note": i.note, "citation": i.citation}
                            for i in profile.interpretations.values()],
    }


def _regulation(regulation: Regulation) -> dict[str, Any]:
    until = regulation.in_force_until
    return {**regulation.to_dict(), "full_title": regulation.full_title, "enacted": regulation.enacted.isoformat(),
            "in_force_until": until.isoformat() if until else None}


def _scheme(scheme: Scheme, ctx: EvalContext) -> dict[str, Any]:
    out = {"id": scheme.id, "label": scheme.label, "citation": scheme.citation,
           "programs": list(scheme.programs), "programs_citation": scheme.programs_citation,
           "conditions": [_condition(c, ctx) for c in scheme.conditions]}
    if scheme.ranking:
        out["ranking"] = {"note": scheme.ranking.note,
                          "criteria": [{"name": c.name, "fact": c.fact, "label": c.label, "citation": c.citation}
                                       for c in scheme.ranking.criteria]}
    if scheme.reverification:
        out["reverification"] = [{"reason": r.reason, "label": r.label, "citation": r.citation}
                                 for r in scheme.reverification.reasons]
    return out


def _condition(condition: Condition, ctx: EvalContext) -> dict[str, Any]:
    out = {"rule": condition.name, "label": condition.label, "requirement": condition.requirement(ctx),
           "citation": condition.citation, "see_also": list(condition.see_also)}
    options = getattr(condition, "options", ())
    if options:
        out["options"] = [_condition(o, ctx) for o in options]
    return out
