"""The Sambas palm-oil workers' programme funded by DBH Sawit (Perbup Sambas Pasal 25-26).

- propose_rkp: the RKP DBH Sawit proposal of 26(4): number of recipients, aid amount and
  duration, from the verified candidates (26(3)) in rank order and the ceiling (pagu).
- adjust_rkp: 26(6) adjustments on death and when the year's ceiling is not met.
- move_shortfall_to_apbd: 25(3), when DBH Sawit revenue falls, the uncovered part may be paid
  from APBD, only with a recorded decision.
Months already paid or released mid-year are allocations' business (release.py).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .outcomes import Refusal, cite, rupiah
from .policy import AidPolicy, PolicyError

DEATH = "death"
CEILING_NOT_MET = "ceiling_not_met"


@dataclass(frozen=True)
class RkpField:
    code: str
    label: str
    value: int
    citation: str


@dataclass(frozen=True)
class RkpProposal:
    fiscal_year: int
    ceiling: int
    monthly_amount: int
    duration_months: int
    recipients: tuple[str, ...]  # participant ids, rank order
    waiting: tuple[str, ...]  # verified candidates that did not fit, rank order
    fields: tuple[RkpField, ...]
    citations: tuple[str, ...]

    @property
    def recipient_count(self) -> int:
        return len(self.recipients)

    @property
    def unit_amount(self) -> int:
        """One recipient for the whole duration."""
        return self.monthly_amount * self.duration_months

    @property
    def amount(self) -> int:
        return self.unit_amount * self.recipient_count


@dataclass(frozen=True)
class PalmOilRemoval:
    participant_id: str
    reason: str  # death / ceiling_not_met
    citation: str


@dataclass(frozen=True)
class RkpAdjustment:
    proposal: RkpProposal
    removed: tuple[PalmOilRemoval, ...]
    added: tuple[str, ...]
    citations: tuple[str, ...]


@dataclass(frozen=True)
class ShortfallDecision:
    reference: str  # number of the regent's decision / letter
    decided_on: dt.date
    apbd_budget_id: str | None = None


@dataclass(frozen=True)
class ShortfallMove:
    from_source: str
    to_source: str
    amount: int
    recipients: tuple[str, ...]
    decision: ShortfallDecision | None
    citations: tuple[str, ...]


@dataclass(frozen=True)
class ShortfallOutcome:
    accepted: bool
    move: ShortfallMove | None
    refusal: Refusal | None = None


def _rules(policy: AidPolicy) -> dict:
    rules = policy.section("palm_oil")
    if not rules:
        raise PolicyError(f"regency {policy.regency_code} runs no DBH Sawit palm-oil programme")
    return rules


def propose_rkp(verified_candidates: Sequence[str], ceiling: int, monthly_amount: int, duration_months: int,
                fiscal_year: int, policy: AidPolicy) -> RkpProposal:
    """As many verified candidates, in rank order, as the ceiling pays for the duration."""
    rules = _rules(policy)
    if monthly_amount <= 0 or duration_months <= 0 or ceiling < 0:
        raise ValueError("monthly_amount and duration_months must be positive, ceiling not negative")
    if policy.months_within_fiscal_year.value and duration_months > 12:
        raise ValueError("duration beyond one fiscal year (interpretation months_within_fiscal_year)")
    ranked = tuple(dict.fromkeys(verified_candidates))
    fit = min(len(ranked), ceiling // (monthly_amount * duration_months))
    return _proposal(rules, policy, fiscal_year, ceiling, monthly_amount, duration_months,
                     ranked[:fit], ranked[fit:])


def _proposal(rules: dict, policy: AidPolicy, fiscal_year: int, ceiling: int, monthly: int, duration: int,
              recipients: tuple[str, ...], waiting: tuple[str, ...]) -> RkpProposal:
    values = {"recipients": len(recipients), "amount": len(recipients) * monthly * duration,
              "duration_months": duration}
    fields = tuple(RkpField(f["code"], f["label"], values[f["code"]], policy.cite(f["citation"]) or "")
                   for f in rules.get("rkp_fields") or ())
    citations = cite(policy.cite(rules.get("program_citation")), policy.cite(rules.get("verification_citation")),
                     *(f.citation for f in fields), policy.cite(rules.get("ceiling_citation")))
    return RkpProposal(fiscal_year, ceiling, monthly, duration, recipients, waiting, fields, citations)


def adjust_rkp(proposal: RkpProposal, policy: AidPolicy, *, deceased: Iterable[str] = (),
               realised_ceiling: int | None = None) -> RkpAdjustment:
    """Remove the dead; refill from the waiting list if the profile says so; then, when the
    money actually available is below the plan, cut the lowest-ranked until it fits."""
    rules = _rules(policy)
    reasons = {r["code"]: policy.cite(r["citation"]) or "" for r in rules.get("adjustment_reasons") or ()}
    dead = set(deceased)
    removed = [PalmOilRemoval(p, DEATH, reasons.get(DEATH, "")) for p in proposal.recipients if p in dead]
    recipients = [p for p in proposal.recipients if p not in dead]
    waiting = [p for p in proposal.waiting if p not in dead]
    added: list[str] = []
    if removed and _refill(policy, rules):
        added, waiting = waiting[:len(removed)], waiting[len(removed):]
        recipients += added
    ceiling = proposal.ceiling
    if realised_ceiling is not None and realised_ceiling < proposal.ceiling:
        _ceiling_meaning(policy, rules)
        ceiling = realised_ceiling
        fit = ceiling // proposal.unit_amount
        cut, recipients = recipients[fit:], recipients[:fit]
        removed += [PalmOilRemoval(p, CEILING_NOT_MET, reasons.get(CEILING_NOT_MET, "")) for p in cut]
        added = [p for p in added if p not in cut]
        waiting = cut + waiting  # still verified, first in line if money comes back
    adjusted = _proposal(rules, policy, proposal.fiscal_year, ceiling, proposal.monthly_amount,
                         proposal.duration_months, tuple(recipients), tuple(waiting))
    return RkpAdjustment(adjusted, tuple(removed), tuple(added),
                         cite(*(r.citation for r in removed), policy.cite(rules.get("decree_citation"))))


def _refill(policy: AidPolicy, rules: dict) -> bool:
    name = rules.get("refill_interpretation")
    return bool(name) and policy.interpretation(name).yes_no()


def _ceiling_meaning(policy: AidPolicy, rules: dict) -> None:
    name = rules.get("adjustment_interpretation")
    if name and policy.interpretation(name).choice != "realised_ceiling_below_plan":
        raise PolicyError(f"unsupported {name} choice {policy.interpretation(name).choice!r}")


def shortfall(proposal: RkpProposal, realised_ceiling: int) -> tuple[int, tuple[str, ...]]:
    """What the realised DBH Sawit money no longer pays: rupiah and the recipients (lowest
    ranked) it leaves uncovered."""
    fit = max(realised_ceiling, 0) // proposal.unit_amount
    uncovered = proposal.recipients[fit:]
    return len(uncovered) * proposal.unit_amount, tuple(uncovered)


def move_shortfall_to_apbd(proposal: RkpProposal, realised_ceiling: int, decision: ShortfallDecision | None,
                           policy: AidPolicy) -> ShortfallOutcome:
    """Pasal 25(3): the uncovered recipients are paid from APBD, if the regency decided so."""
    rules = _rules(policy).get("shortfall") or {}
    citation = cite(policy.cite(rules.get("citation")))
    amount, uncovered = shortfall(proposal, realised_ceiling)
    if realised_ceiling >= proposal.ceiling or not uncovered:
        return ShortfallOutcome(False, None, Refusal(
            "no_shortfall", "Penerimaan DBH Sawit tidak turun di bawah kebutuhan; tidak ada kekurangan.",
            citation, {"ceiling": proposal.ceiling, "realised_ceiling": realised_ceiling}))
    if rules.get("requires_decision", True) and (decision is None or not decision.reference.strip()):
        return ShortfallOutcome(False, None, Refusal(
            "decision_missing", f"Pengalihan kekurangan {rupiah(amount)} ke APBD memerlukan keputusan tercatat.",
            citation, {"amount": amount}))
    move = ShortfallMove(_rules(policy).get("funding_source", "dbh_sawit"), rules.get("to_source", "apbd"),
                         amount, uncovered, decision, citation)
    return ShortfallOutcome(True, move)
