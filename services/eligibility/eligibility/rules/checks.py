"""The explanation every decision carries: one check per rule, with the facts it read and the
article it comes from (docs/API.md §5 `checks`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conditions import PASS, UNKNOWN, Condition, EvalContext, Outcome

OUTCOME_ELIGIBLE, OUTCOME_INELIGIBLE, OUTCOME_NEEDS_INFORMATION = "eligible", "ineligible", "needs_information"


@dataclass(frozen=True, slots=True)
class Check:
    rule: str
    passed: bool | None  # None: a fact it needs is missing
    requirement: str
    facts: dict[str, Any]
    citation: str | None
    label: str | None = None
    see_also: tuple[str, ...] = ()
    options: tuple[Check, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "passed": self.passed, "requirement": self.requirement,
                               "facts": self.facts, "citation": self.citation}
        if self.label:
            out["label"] = self.label
        if self.see_also:
            out["see_also"] = list(self.see_also)
        if self.options:
            out["options"] = [o.to_dict() for o in self.options]
        return out


def render(condition: Condition, outcome: Outcome, ctx: EvalContext) -> Check:
    passed = None if outcome.status == UNKNOWN else outcome.status == PASS
    options = tuple(render(c, o, ctx) for c, o in outcome.options if c.citation) if outcome.options else ()
    return Check(condition.name, passed, condition.requirement(ctx), outcome.facts, condition.citation,
                 condition.label, condition.see_also, options)


def outcome_of(checks: list[Check] | tuple[Check, ...]) -> tuple[str, bool | None]:
    """Any failed check makes it ineligible; otherwise any unknown one needs information."""
    if any(c.passed is False for c in checks):
        return OUTCOME_INELIGIBLE, False
    if any(c.passed is None for c in checks):
        return OUTCOME_NEEDS_INFORMATION, None
    return OUTCOME_ELIGIBLE, True
