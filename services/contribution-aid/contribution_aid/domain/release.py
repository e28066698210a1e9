"""Ending aid: months committed beyond a termination go back to their budgets.

Berau Pasal 26 and TTS Pasal 20 let the regency stop paying; the month in which aid stops is
still paid and later months are released (interpretation named in `stopping.release_interpretation`).
Invoice lines for released months are flagged by reconciliation.py.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .allocations import Allocation
from .months import add_months, month_index, month_of, month_of_index
from .outcomes import cite
from .policy import AidPolicy, PolicyError

# TTS Pasal 20(1) a-g, plus `bpjs_inactive`: BPJS reports the membership inactive (registry sync),
# so nothing more can be paid for it.
TERMINATION_REASONS = ("no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out",
                       "not_found", "identity_error", "voluntary_withdrawal", "bpjs_inactive")


@dataclass(frozen=True)
class Release:
    allocation_id: str | None
    budget_id: str
    participant_id: str
    from_month: str
    months_released: int
    amount: int


@dataclass(frozen=True)
class TerminationRelease:
    participant_id: str
    reason: str
    effective_date: dt.date
    first_unpaid_month: str
    releases: tuple[Release, ...]
    allocations: tuple[Allocation, ...]  # the participant's allocations after the release
    citations: tuple[str, ...]

    @property
    def released_total(self) -> int:
        return sum(r.amount for r in self.releases)

    def released_by_budget(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for release in self.releases:
            totals[release.budget_id] = totals.get(release.budget_id, 0) + release.amount
        return totals


def first_unpaid_month(effective_date: dt.date, policy: AidPolicy) -> str:
    """The first month no longer paid after aid ends on `effective_date`."""
    name = policy.section("stopping").get("release_interpretation")
    choice = policy.interpretation(name).choice if name else "next_month"
    if choice == "next_month":
        return add_months(month_of(effective_date), 1)
    if choice == "effective_month":
        return month_of(effective_date)
    raise PolicyError(f"unsupported release choice {choice!r}")


def release_on_termination(participant_id: str, effective_date: dt.date, reason: str,
                           allocations: Iterable[Allocation], policy: AidPolicy) -> TerminationRelease:
    """Cut every allocation of the participant at the first unpaid month and say how much
    each budget gets back."""
    if reason not in TERMINATION_REASONS:
        raise ValueError(f"unknown termination reason {reason!r}")
    cut = first_unpaid_month(effective_date, policy)
    releases, updated = [], []
    for allocation in allocations:
        if allocation.participant_id != participant_id:
            continue
        release = _release(allocation, cut)
        if release is not None:
            releases.append(release)
            allocation = replace(allocation, released_from=_earliest(allocation.released_from, cut))
        updated.append(allocation)
    return TerminationRelease(participant_id, reason, effective_date, cut, tuple(releases), tuple(updated),
                              _citations(reason, policy))


def _release(allocation: Allocation, cut: str) -> Release | None:
    start = max(month_index(cut), allocation.first_index)
    months = allocation.end_index - start
    if months <= 0:
        return None
    return Release(allocation.id, allocation.budget_id, allocation.participant_id, month_of_index(start),
                   months, months * allocation.monthly_amount)


def _earliest(current: str | None, cut: str) -> str:
    return cut if current is None or month_index(cut) < month_index(current) else current


def _citations(reason: str, policy: AidPolicy) -> tuple[str, ...]:
    stopping = policy.section("stopping")
    name = stopping.get("release_interpretation")
    interpretation = policy.interpretation(name) if name else None
    return cite(policy.cite(stopping.get("citation")), policy.reason_citations.get(reason),
                policy.cite(stopping.get("decree_citation")),
                interpretation.citation if interpretation else None,
                f"interpretasi {interpretation.name}" if interpretation else None)
