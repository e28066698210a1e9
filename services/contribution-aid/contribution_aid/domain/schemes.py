"""Which scheme an allocation pays for, and where a participant lives (desa or kelurahan).

An allocation needs an approved evaluation for a scheme the budget may fund (docs/API.md §8
"approved, eligible"). A participant may be eligible for several schemes (Sambas has three);
the budget's own scheme decides, else the first eligible scheme its funding source may pay.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .budgets import Budget
from .policy import AidPolicy


def fundable_schemes(budget: Budget, policy: AidPolicy) -> tuple[str, ...]:
    """The aided schemes this budget may pay: its own scheme, narrowed by the source's
    `schemes` earmark (DBH Sawit: the palm-oil programme only)."""
    schemes = [budget.scheme] if budget.scheme else sorted(policy.aided_schemes)
    for earmark in policy.earmarks_for(budget.funding_source):
        if earmark.rule == "schemes":
            schemes = [s for s in schemes if s in earmark.values]
    return tuple(s for s in schemes if s in policy.aided_schemes)


def choose_scheme(eligible: Iterable[str], budget: Budget, policy: AidPolicy,
                  requested: str | None = None) -> str | None:
    """The scheme to decide the allocation under: the requested one, else the first of the
    participant's eligible schemes this budget may fund, else any eligible one (so the
    decision names the earmark it breaks). Without any approved evaluation, the first scheme
    the budget could fund, so the decision says just that the evaluation is missing."""
    eligible = sorted(set(eligible))
    if requested:
        return requested
    fundable = fundable_schemes(budget, policy)
    fallback = eligible or list(fundable)
    return next((s for s in eligible if s in fundable), fallback[0] if fallback else None)


def village_kind(village_code: str | None, kinds: Sequence[dict]) -> str | None:
    """`desa` or `kelurahan` from a Kemendagri village code, by the digit participants.yaml
    names for each kind (`code_prefix`, the first digit of the village's own four)."""
    if not village_code or len(village_code) < 7:
        return None
    digit = village_code[6]
    kind = next((k for k in kinds if str(k.get("code_prefix")) == digit), None)
    return (kind.get("counts_as") or kind.get("id")) if kind else None
