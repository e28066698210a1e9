"""Recipient lists fixed by Keputusan Bupati, and their changes as additions and reductions
(Lamandau Pasal 28(2); TTS 20(2), 21(3); Berau 19(1); Sambas 23(7), 26(5); Tabalong 21(4), (7)).

The caller ranks the candidates (eligibility decides the order, e.g. TTS 21(4)); the list is
the ranking cut at the quota the budget allows. Decrees name people by participant id only;
the printed list with names and NIK (Lamandau 27(1)) is produced elsewhere.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .budgets import Budget, quota
from .outcomes import Refusal, cite
from .policy import AidPolicy
from .schemes import fundable_schemes

OUTSIDE_QUOTA = "outside_quota"
NO_LONGER_LISTED = "no_longer_listed"


@dataclass(frozen=True)
class DecreeReduction:
    participant_id: str
    reason: str  # a termination reason, `outside_quota` or `no_longer_listed`


@dataclass(frozen=True)
class RecipientDecree:
    number: str
    decree_date: dt.date
    regency_code: str
    scheme: str
    recipients: tuple[str, ...]  # participant ids in rank order
    previous_number: str | None = None
    additions: tuple[str, ...] = ()
    reductions: tuple[DecreeReduction, ...] = ()
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecreeDecision:
    accepted: bool
    decree: RecipientDecree | None
    refusals: tuple[Refusal, ...] = ()


def draft_decree(number: str, decree_date: dt.date, scheme: str, ranked_candidates: Sequence[str],
                 quota: int, policy: AidPolicy, previous: RecipientDecree | None = None,
                 reduction_reasons: Mapping[str, str] | None = None) -> DecreeDecision:
    """The new list (ranking cut at `quota`) and its diff against `previous`."""
    refusals = _refusals(number, decree_date, scheme, quota, policy, previous)
    if refusals:
        return DecreeDecision(False, None, tuple(refusals))
    ranked = list(dict.fromkeys(ranked_candidates))  # a person is ranked once, at the best place
    recipients = tuple(ranked[:quota])
    before = previous.recipients if previous else ()
    kept = set(recipients)
    additions = tuple(p for p in recipients if p not in set(before))
    reductions = tuple(DecreeReduction(p, _reduction_reason(p, ranked, kept, reduction_reasons or {}))
                       for p in before if p not in kept)
    decree = RecipientDecree(number.strip(), decree_date, policy.regency_code, scheme, recipients,
                             previous.number if previous else None, additions, reductions,
                             _citations(policy, scheme, additions, reductions, len(ranked) > quota))
    return DecreeDecision(True, decree)


def _reduction_reason(pid: str, ranked: list[str], kept: set[str], reasons: Mapping[str, str]) -> str:
    if pid in reasons:
        return reasons[pid]
    return OUTSIDE_QUOTA if pid in ranked and pid not in kept else NO_LONGER_LISTED


def _refusals(number: str, decree_date: dt.date, scheme: str, quota: int, policy: AidPolicy,
              previous: RecipientDecree | None) -> list[Refusal]:
    out = []
    if not number or not number.strip():
        out.append(Refusal("decree_number_missing", "Nomor Keputusan Bupati wajib diisi."))
    if quota < 0:
        out.append(Refusal("invalid_quota", "Kuota tidak boleh negatif.", details={"quota": quota}))
    if scheme not in policy.aided_schemes:
        out.append(Refusal("scheme_not_aided", f"Skema {scheme} tidak dibiayai bantuan iuran di kabupaten ini.",
                           cite(*policy.aided_schemes.values()), {"scheme": scheme}))
    if previous is not None:
        if (previous.regency_code, previous.scheme) != (policy.regency_code, scheme):
            out.append(Refusal("previous_decree_mismatch",
                               "Keputusan sebelumnya untuk kabupaten atau skema lain."))
        if decree_date < previous.decree_date:
            out.append(Refusal("decree_date_before_previous",
                               "Tanggal keputusan lebih awal dari keputusan sebelumnya.",
                               details={"previous_date": previous.decree_date.isoformat()}))
        if number.strip() == previous.number:
            out.append(Refusal("decree_number_reused", "Nomor keputusan sama dengan keputusan sebelumnya."))
    return out


def _citations(policy: AidPolicy, scheme: str, additions: tuple, reductions: tuple, cut: bool) -> tuple[str, ...]:
    rules = policy.section("decrees")
    list_citation = (rules.get("by_scheme") or {}).get(scheme) or rules.get("recipient_list_citation")
    ranking = rules.get("ranking") or {}
    return cite(policy.cite(list_citation),
                policy.cite(rules.get("additions_citation")) if additions else None,
                policy.cite(rules.get("reductions_citation")) if reductions else None,
                policy.cite(ranking.get("citation")) if cut else None)


@dataclass(frozen=True)
class Candidates:
    ranked: tuple[str, ...]  # approved and still eligible, in rank order
    not_approved: tuple[str, ...]  # ranked by the caller but without an approved evaluation
    stopped: dict[str, str]  # participant id -> reason aid stopped (kept out, reduced with that reason)


def rank_candidates(approved: Sequence[str], stopped: Mapping[str, str],
                    ranking: Sequence[str] | None = None) -> Candidates:
    """Who may be on the list, in order. `approved` are the participants with an approved
    evaluation for the scheme, oldest approval first; `ranking` is eligibility's order when
    candidates exceed the quota (TTS 21(4)). Without a ranking, earlier approval ranks first."""
    allowed = [p for p in dict.fromkeys(approved) if p not in stopped]
    if ranking is None:
        return Candidates(tuple(allowed), (), dict(stopped))
    allowed_set = set(allowed)
    ordered = list(dict.fromkeys(ranking))
    return Candidates(tuple(p for p in ordered if p in allowed_set),
                      tuple(p for p in ordered if p not in allowed_set), dict(stopped))


def affordable_quota(scheme: str, budgets: Sequence[tuple[Budget, int]], monthly_amount: int, months: int,
                     already_funded: int, policy: AidPolicy) -> int:
    """How many people a list for `scheme` may hold: those already funded plus as many more as
    the money left in the budgets that may pay this scheme affords for `months` (`budgets`
    are (budget, committed) pairs)."""
    more = sum(quota(budget.available(committed), monthly_amount, months) for budget, committed in budgets
               if scheme in fundable_schemes(budget, policy))
    return already_funded + more
