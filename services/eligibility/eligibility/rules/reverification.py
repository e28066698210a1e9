"""Re-verification of an aid recipient: which termination reasons (TTS Pasal 20(1) a-g, the
docs/API.md §7 reason codes) apply on a date, each with its citation.

A scheme's `reverification` in eligibility.yaml names the registry categories of its recipients
(`recipient_categories`, participants.yaml ids) and lists reasons, each either a condition that is
true when the reason applies (`when`), or scheme rules whose failure is the reason
(`scheme_rules_fail`, e.g. aged out of the age bounds -> no_longer_vulnerable). A NIK that is
invalid or contradicts the stated birth date or sex is an identity error, not a crash.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .checks import Check, render
from .conditions import FAIL, PASS, UNKNOWN, Condition
from .errors import InvalidFacts, NotConfigured
from .facts import Facts, build_facts

if TYPE_CHECKING:
    from .compile import Compiler
    from .profiles import ProfileRegistry

REASONS = ("no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out", "not_found",
           "identity_error", "voluntary_withdrawal")
IDENTITY_FIELDS = {"nik", "birth_date", "sex"}


@dataclass(frozen=True)
class ReasonRule:
    reason: str
    citation: str
    label: str
    when: Condition | None
    scheme_rules_fail: tuple[str, ...]


@dataclass(frozen=True)
class ReverificationRules:
    reasons: tuple[ReasonRule, ...]
    recipient_categories: tuple[str, ...] = ()  # registry categories whose aid recipients these rules re-verify


@dataclass(frozen=True)
class Finding:
    reason: str
    status: int  # PASS: applies, FAIL: does not, UNKNOWN: facts missing
    citation: str
    label: str
    checks: tuple[Check, ...]
    missing_facts: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "label": self.label, "citation": self.citation,
                "checks": [c.to_dict() for c in self.checks], "missing_facts": list(self.missing_facts)}


@dataclass(frozen=True)
class Reverification:
    regency_code: str
    scheme: str
    as_of: dt.date
    findings: tuple[Finding, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f.reason for f in self.findings if f.status == PASS)

    @property
    def terminate(self) -> bool:
        return bool(self.reasons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "regency_code": self.regency_code, "scheme": self.scheme, "as_of": self.as_of.isoformat(),
            "terminate": self.terminate, "reasons": list(self.reasons),
            "applies": [f.to_dict() for f in self.findings if f.status == PASS],
            "undetermined": [f.to_dict() for f in self.findings if f.status == UNKNOWN],
        }


def parse_reverification(c: Compiler, raw: dict, where: str, scheme_rules: list[str]) -> ReverificationRules:
    out = []
    for i, spec in enumerate(raw.get("reasons") or []):
        at = f"{where}.reasons[{i}]"
        if spec.get("reason") not in REASONS:
            c.problem(at, f"reason must be one of {REASONS}")
        fails = tuple(spec.get("scheme_rules_fail") or ())
        if set(fails) - set(scheme_rules):
            c.problem(at, f"scheme_rules_fail names unknown rules {sorted(set(fails) - set(scheme_rules))}")
        when = c.condition(spec["when"], f"{at}.when", require_citation=False) if spec.get("when") else None
        if (when is None) == (not fails):
            c.problem(at, "give exactly one of `when` or `scheme_rules_fail`")
        out.append(ReasonRule(str(spec.get("reason")), c.citation(spec.get("citation"), at) or "",
                              str(spec.get("label", "")), when, fails))
    if not out:
        c.problem(where, "reverification needs reasons")
    categories = raw.get("recipient_categories") or []
    if not isinstance(categories, list) or not all(isinstance(x, str) for x in categories):
        c.problem(f"{where}.recipient_categories", "must be a list of registry category ids")
        categories = []
    return ReverificationRules(tuple(out), tuple(categories))


def reverify(registry: ProfileRegistry, regency_code: str, scheme: str, as_of: dt.date,
             facts: Mapping[str, Any]) -> Reverification:
    """Which termination reasons apply to a recipient on `as_of` (every one that applies is listed)."""
    from .engine import context_for, resolve_scheme  # engine imports profiles, which imports this module

    profile, compiled = resolve_scheme(registry, regency_code, scheme, as_of)
    if compiled.reverification is None:
        raise NotConfigured(f"scheme {scheme!r} of regency {regency_code} has no re-verification rules")
    handles_identity = any(r.reason == "identity_error" for r in compiled.reverification.reasons)
    applicant, identity_errors = _facts_tolerating_identity_errors(facts, as_of, handles_identity)
    ctx = context_for(profile, as_of)
    by_name = {c.name: c for c in compiled.conditions}
    findings = []
    for rule in compiled.reverification.reasons:
        if rule.reason == "identity_error" and identity_errors:
            check = Check("identity", False, "NIK valid and consistent with birth_date and sex",
                          {"fields": sorted(identity_errors)}, rule.citation)
            findings.append(Finding(rule.reason, PASS, rule.citation, rule.label, (check,), ()))
        else:
            findings.append(_finding(rule, applicant, ctx, by_name))
    return Reverification(regency_code, scheme, as_of, tuple(findings))


def reverify_born_in(registry: ProfileRegistry, regency_code: str, scheme: str, as_of: dt.date,
                     facts: Mapping[str, Any], birth_year: int) -> Reverification:
    """Like `reverify` when only the birth year is known (registry events carry no birth date):
    a finding stands when it is the same for someone born on 1 January and on 31 December of
    that year; otherwise it is undetermined and names birth_date as the missing fact."""
    oldest, youngest = (reverify(registry, regency_code, scheme, as_of,
                                 {**facts, "birth_date": dt.date(birth_year, month, day)})
                        for month, day in ((1, 1), (12, 31)))
    findings = tuple(
        a if a.status == b.status else dataclasses.replace(
            a, status=UNKNOWN, missing_facts=tuple(dict.fromkeys((*a.missing_facts, *b.missing_facts, "birth_date"))))
        for a, b in zip(oldest.findings, youngest.findings, strict=False))
    return dataclasses.replace(oldest, findings=findings)


def _finding(rule: ReasonRule, facts: Facts, ctx, by_name: dict[str, Condition]) -> Finding:
    if rule.when is not None:
        result = rule.when.scalar(facts, ctx)
        check = dataclasses.replace(render(rule.when, result, ctx), rule=rule.reason, citation=rule.citation)
        return Finding(rule.reason, result.status, rule.citation, rule.label, (check,), result.missing)
    results = [(by_name[name], by_name[name].scalar(facts, ctx)) for name in rule.scheme_rules_fail]
    statuses = [r.status for _, r in results]
    # the reason applies when a scheme rule now fails
    status = PASS if FAIL in statuses else (UNKNOWN if UNKNOWN in statuses else FAIL)
    missing = tuple(dict.fromkeys(m for _, r in results for m in r.missing)) if status == UNKNOWN else ()
    checks = tuple(render(c, r, ctx) for c, r in results)
    return Finding(rule.reason, status, rule.citation, rule.label, checks, missing)


def _facts_tolerating_identity_errors(facts: Mapping[str, Any], as_of: dt.date,
                                      tolerate: bool) -> tuple[Facts, set[str]]:
    try:
        return build_facts(facts, as_of=as_of), set()
    except InvalidFacts as exc:
        fields = {f for f, _ in exc.errors or ()}
        if not tolerate or not fields or fields - IDENTITY_FIELDS:
            raise
        cleaned = {k: v for k, v in facts.items() if k not in IDENTITY_FIELDS}
        return build_facts(cleaned, as_of=as_of), fields
