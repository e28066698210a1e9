"""Allocating aid: one budget pays some months of one participant's contribution.

Amount = months x the monthly contribution in force x the funder's share (cofinancing.py),
unless a refusal stops it: participant not active or not evaluated, earmark violated,
months outside the budget's year, month already funded, share above 100 %, budget exhausted.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .budgets import Budget
from .cofinancing import FULL_SHARE, coverage_refusals, share_amount
from .months import is_valid_month, month_index, month_of_index, month_range
from .outcomes import Refusal, cite, rupiah
from .parameters import ContributionParameters, ContributionQuote, load_contribution_parameters
from .policy import AidPolicy

ACTIVE = "active"


@dataclass(frozen=True)
class ParticipantFacts:
    participant_id: str
    regency_code: str
    scheme: str | None
    village_kind: str | None = None  # the kind's `counts_as` in participants.yaml: desa / kelurahan
    village_code: str | None = None
    approved_evaluation: bool = False
    status: str = ACTIVE  # active / terminated / deceased


@dataclass(frozen=True)
class Allocation:
    participant_id: str
    budget_id: str
    funding_source: str
    start_month: str
    months: int
    monthly_amount: int
    share_bp: int = FULL_SHARE
    id: str | None = None
    released_from: str | None = None  # first month no longer paid (see release.py)

    @property
    def amount(self) -> int:
        """What was committed when it was decided."""
        return self.monthly_amount * self.months

    @property
    def first_index(self) -> int:
        return month_index(self.start_month)

    @property
    def end_index(self) -> int:
        """Exclusive: the first month after the paid range, release included."""
        end = self.first_index + self.months
        if self.released_from is not None:
            end = min(end, max(month_index(self.released_from), self.first_index))
        return end

    def covers(self, index: int) -> bool:
        return self.first_index <= index < self.end_index

    @property
    def paid_months(self) -> list[str]:
        return [month_of_index(i) for i in range(self.first_index, self.end_index)]

    @property
    def committed_amount(self) -> int:
        """What the budget still carries for it after any release."""
        return self.monthly_amount * (self.end_index - self.first_index)


@dataclass(frozen=True)
class AllocationRequest:
    participant: ParticipantFacts
    start_month: str
    months: int
    share_bp: int = FULL_SHARE


@dataclass(frozen=True)
class AllocationDecision:
    allowed: bool
    amount: int
    monthly_amount: int
    monthly_contribution: int
    share_bp: int
    months: tuple[str, ...]
    refusals: tuple[Refusal, ...]
    citations: tuple[str, ...]
    allocation: Allocation | None

    @property
    def refusal(self) -> Refusal | None:
        """The one to answer with (the service maps `budget_exhausted` to 409)."""
        return self.refusals[0] if self.refusals else None


def aided_monthly_contribution(policy: AidPolicy, as_of: dt.date,
                               parameters: ContributionParameters | None = None) -> ContributionQuote:
    """The monthly contribution aid pays in this regency: its aided programmes at the BPU
    tier its profile names (interpretation `aided_contribution_tier`)."""
    parameters = parameters or load_contribution_parameters()
    tier = policy.interpretation("aided_contribution_tier").choice
    if tier != "lowest_tier":
        raise ValueError(f"unsupported aided_contribution_tier {tier!r}")
    quote = parameters.monthly_contribution(policy.aided_programs, as_of, "bpu")
    return quote._replace(citations=cite(policy.programs_citation, *quote.citations,
                                         policy.interpretation("aided_contribution_tier").citation))


def decide_allocation(request: AllocationRequest, budget: Budget, committed: int,
                      existing: Iterable[Allocation], policy: AidPolicy,
                      monthly: ContributionQuote) -> AllocationDecision:
    """Amount = months x the monthly contribution (x share), or the refusals that stop it.

    `existing` are the participant's allocations from every budget (provincial included);
    `committed` is what this budget already carries."""
    invalid = _invalid_request(request)
    if invalid:
        return _refused(request, monthly.amount, 0, (invalid,), ())
    existing = [a for a in existing if a.participant_id == request.participant.participant_id]
    months = month_range(request.start_month, request.months)
    monthly_amount = share_amount(request.start_month, request.months, request.share_bp, monthly.amount,
                                  existing)
    amount = monthly_amount * request.months
    refusals = [
        *_participant_refusals(request.participant, budget, policy),
        *_earmark_refusals(request.participant, budget, policy),
        *_fiscal_year_refusals(months, budget, policy),
        *coverage_refusals(request.start_month, request.months, request.share_bp, budget.id, existing,
                           policy.co_financing),
        *_budget_refusals(amount, budget, committed, policy),
    ]
    citations = cite(*monthly.citations, policy.fiscal_capacity_citation)
    if refusals:
        return _refused(request, monthly.amount, monthly_amount, tuple(refusals), citations)
    allocation = Allocation(request.participant.participant_id, budget.id or "", budget.funding_source,
                            request.start_month, request.months, monthly_amount, request.share_bp)
    return AllocationDecision(True, amount, monthly_amount, monthly.amount, request.share_bp, tuple(months),
                              (), citations, allocation)


def _refused(request: AllocationRequest, contribution: int, monthly_amount: int,
             refusals: tuple[Refusal, ...], citations: tuple[str, ...]) -> AllocationDecision:
    months = tuple(month_range(request.start_month, request.months)) if not _invalid_request(request) else ()
    return AllocationDecision(False, 0, monthly_amount, contribution, request.share_bp, months,
                              refusals, citations, None)


def _invalid_request(request: AllocationRequest) -> Refusal | None:
    problems = []
    if not is_valid_month(request.start_month):
        problems.append("start_month harus YYYY-MM")
    if not isinstance(request.months, int) or request.months < 1:
        problems.append("months harus bilangan bulat positif")
    if not 0 < request.share_bp <= FULL_SHARE:
        problems.append("share_bp harus 1..10000")
    if not problems:
        return None
    return Refusal("invalid_request", "; ".join(problems), details={"problems": problems})


# -- refusals ----------------------------------------------------------------------------------

def _participant_refusals(person: ParticipantFacts, budget: Budget, policy: AidPolicy) -> list[Refusal]:
    out = []
    if person.regency_code != budget.regency_code:
        out.append(Refusal("regency_mismatch", "Peserta dan anggaran berasal dari kabupaten yang berbeda.",
                           details={"participant_regency": person.regency_code, "budget_regency": budget.regency_code}))
    if person.status != ACTIVE:
        stopping = policy.section("stopping")
        out.append(Refusal("participant_not_active",
                           "Peserta sudah diberhentikan atau meninggal dunia; bantuan tidak dapat dialokasikan.",
                           cite(policy.cite(stopping.get("citation"))), {"status": person.status}))
    if not person.approved_evaluation:
        out.append(Refusal("evaluation_missing",
                           "Belum ada hasil verifikasi kelayakan yang disetujui untuk peserta ini.",
                           cite(policy.evaluation_citation)))
    if person.scheme not in policy.aided_schemes:
        out.append(Refusal("scheme_not_aided", f"Skema {person.scheme} tidak dibiayai bantuan iuran di kabupaten ini.",
                           cite(*policy.aided_schemes.values()), {"scheme": person.scheme}))
    return out


def _earmark_refusals(person: ParticipantFacts, budget: Budget, policy: AidPolicy) -> list[Refusal]:
    out = []
    if budget.scheme is not None and person.scheme != budget.scheme:
        out.append(_earmark("budget_scheme", f"Anggaran ini khusus skema {budget.scheme}.",
                            cite(policy.aided_schemes.get(budget.scheme)),
                            scheme=person.scheme, allowed=[budget.scheme]))
    for earmark in policy.earmarks_for(budget.funding_source):
        if earmark.rule == "schemes" and person.scheme not in earmark.values:
            out.append(_earmark("schemes", f"Dana {budget.funding_source} hanya untuk skema "
                                f"{', '.join(earmark.values)}.", earmark.citations,
                                scheme=person.scheme, allowed=list(earmark.values)))
        elif earmark.rule == "village_kind" and person.village_kind not in earmark.values:
            out.append(_earmark("village_kind", f"Dana {budget.funding_source} hanya untuk penduduk "
                                f"{'/'.join(earmark.values)}, bukan {person.village_kind or 'wilayah tak diketahui'}.",
                                earmark.citations, village_kind=person.village_kind, allowed=list(earmark.values)))
        elif earmark.rule == "own_village" and _other_village(person, budget):
            out.append(_earmark("own_village", "APB Desa hanya untuk penduduk desa pemilik anggaran.",
                                earmark.citations, budget_village=budget.payer.ref if budget.payer else None))
    return out


def _other_village(person: ParticipantFacts, budget: Budget) -> bool:
    village = budget.payer.ref if budget.payer and budget.payer.kind == "village" else None
    return village is None or person.village_code != village


def _earmark(rule: str, message: str, citations: tuple[str, ...], **details) -> Refusal:
    return Refusal("earmark_violated", message, citations, {"rule": rule, **details})


def _fiscal_year_refusals(months: list[str], budget: Budget, policy: AidPolicy) -> list[Refusal]:
    ruling = policy.months_within_fiscal_year
    outside = [m for m in months if int(m[:4]) != budget.fiscal_year]
    if not ruling.value or not outside:
        return []
    return [Refusal("outside_fiscal_year",
                    f"Anggaran tahun {budget.fiscal_year} hanya membayar bulan pada tahun itu.",
                    ruling.citations, {"months": outside, "fiscal_year": budget.fiscal_year})]


def _budget_refusals(amount: int, budget: Budget, committed: int, policy: AidPolicy) -> list[Refusal]:
    available = budget.available(committed)
    if amount <= available:
        return []
    return [Refusal("budget_exhausted",
                    f"Sisa anggaran {rupiah(available)} tidak cukup untuk {rupiah(amount)}.",
                    cite(policy.fiscal_capacity_citation),
                    {"available": available, "requested": amount})]


def with_id(allocation: Allocation, allocation_id: str) -> Allocation:
    return replace(allocation, id=allocation_id)
