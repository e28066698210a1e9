"""Co-financing: several funders sharing one participant's month (Berau Pasal 20(2)).

Model: an allocation covers a month range and a share of each month's contribution in basis
points (`share_bp`, 10000 = the whole month). For any month of any participant the shares of
all funders together never exceed 10000, and a budget never pays the same month twice. Where
the regency does not provide for co-financing every share is 10000, so a month has exactly one
funder. Rupiah per month is the share of the contribution rounded half up, except that the
share completing a month to 100 % takes exactly what is left, so the funders' rupiah add up
to the contribution.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from .months import month_index, month_of_index
from .outcomes import Refusal

if TYPE_CHECKING:
    from .allocations import Allocation
    from .policy import Ruling

FULL_SHARE = 10000


def covering(existing: Sequence[Allocation], index: int) -> list[Allocation]:
    return [a for a in existing if a.covers(index)]


def share_amount(start_month: str, months: int, share_bp: int, contribution: int,
                 existing: Sequence[Allocation]) -> int:
    """Rupiah a month for this share of `contribution`."""
    if share_bp == FULL_SHARE:
        return contribution
    first = month_index(start_month)
    others_paid: set[int] | None = set()
    for index in range(first, first + months):
        paying = covering(existing, index)
        if sum(a.share_bp for a in paying) + share_bp != FULL_SHARE:
            others_paid = None  # does not complete every month: plain rounding
            break
        others_paid.add(sum(a.monthly_amount for a in paying))
    if others_paid is not None and len(others_paid) == 1:
        return max(contribution - others_paid.pop(), 0)
    return int((Decimal(contribution) * share_bp / FULL_SHARE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def coverage_refusals(start_month: str, months: int, share_bp: int, budget_id: str | None,
                      existing: Sequence[Allocation], ruling: Ruling) -> list[Refusal]:
    """Partial share where co-financing is not provided; a month already paid (in full, by
    this budget, or at all where co-financing is not provided); shares above 100 %."""
    out = []
    if share_bp < FULL_SHARE and not ruling.value:
        out.append(Refusal("co_financing_not_allowed",
                           "Pembiayaan bersama satu bulan iuran tidak diatur di kabupaten ini; "
                           "satu bulan dibayar penuh oleh satu anggaran.", ruling.citations,
                           {"share_bp": share_bp}))
    funded, overfull = [], []
    first = month_index(start_month)
    for index in range(first, first + months):
        paying = covering(existing, index)
        taken = sum(a.share_bp for a in paying)
        same_budget = any(a.budget_id == budget_id for a in paying)
        if paying and (same_budget or not ruling.value or taken >= FULL_SHARE):
            funded.append((month_of_index(index), paying))
        elif taken + share_bp > FULL_SHARE:
            overfull.append((month_of_index(index), taken))
    if funded:
        out.append(_already_funded(funded, ruling.citations))
    if overfull:
        out.append(Refusal("share_exceeds_contribution",
                           "Jumlah porsi pembiayaan bersama untuk bulan yang sama melebihi 100% iuran.",
                           ruling.citations,
                           {"months": [m for m, _ in overfull], "taken_bp": [t for _, t in overfull],
                            "requested_bp": share_bp}))
    return out


def _already_funded(funded: list, citations: tuple[str, ...]) -> Refusal:
    funders = sorted({(a.budget_id, a.funding_source) for _, paying in funded for a in paying})
    return Refusal("month_already_funded",
                   "Peserta sudah dibiayai untuk bulan yang sama oleh anggaran lain.", citations,
                   {"months": [m for m, _ in funded],
                    "funders": [{"budget_id": b, "funding_source": s} for b, s in funders]})
