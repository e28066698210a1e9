"""Checking a BPJS invoice (surat penagihan, Berau Pasal 21) against what the payer committed.

Each line (person, month, amount) either matches or gets exactly one flag:
  unknown_person              nobody we know, or nobody this payer funds for that month
  deceased_recipient          billed for a month after the recipient's death
  terminated_recipient        billed for a month after aid ended
  already_protected_elsewhere another membership or another funder covers that month
  amount_mismatch             billed amount differs from the committed monthly amount
Lookups are dicts keyed by person and month, so 100,000 lines take one pass.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .allocations import ACTIVE, Allocation
from .months import is_valid_month, month_index, month_of
from .policy import AidPolicy
from .release import first_unpaid_month

KINDS = ("unknown_person", "already_protected_elsewhere", "terminated_recipient", "deceased_recipient",
         "amount_mismatch")
DECEASED = "deceased"


@dataclass(frozen=True)
class InvoiceLine:
    line_no: int
    person_ref: str  # participant id or NIK blind index, never a raw NIK
    period: str  # YYYY-MM
    amount: int


@dataclass(frozen=True)
class Invoice:
    reference: str
    budget_ids: frozenset[str]  # the payer's budgets this invoice bills against
    lines: tuple[InvoiceLine, ...]


@dataclass(frozen=True)
class ParticipantRecord:
    participant_id: str
    blind_index: str | None = None
    status: str = ACTIVE  # active / terminated / deceased
    effective_date: dt.date | None = None  # date aid ended or of death
    # memberships not paid by aid (employer, self), as (first day, last day or None)
    other_protection: tuple[tuple[dt.date, dt.date | None], ...] = ()


@dataclass(frozen=True)
class Discrepancy:
    line_no: int
    kind: str
    person_ref: str
    participant_id: str | None
    period: str
    billed: int
    expected: int
    detail: str = ""


@dataclass(frozen=True)
class ReconciliationReport:
    invoice_reference: str
    matched: int
    discrepancies: tuple[Discrepancy, ...]
    billed_total: int
    matched_total: int
    counts: dict[str, int] = field(default_factory=dict)


def reconcile(invoice: Invoice, participants: Iterable[ParticipantRecord],
              allocations: Iterable[Allocation], policy: AidPolicy) -> ReconciliationReport:
    people = _index_people(participants)
    by_person: dict[str, list[Allocation]] = {}
    for allocation in allocations:
        by_person.setdefault(allocation.participant_id, []).append(allocation)
    cutoffs = {p.participant_id: month_index(first_unpaid_month(p.effective_date, policy))
               for p in set(people.values()) if p.status != ACTIVE and p.effective_date}
    billed: dict[tuple[str, int], int] = {}
    matched, matched_total, found = 0, 0, []
    for line in invoice.lines:
        flag = _check(line, people, by_person, cutoffs, invoice.budget_ids, billed)
        if flag is None:
            matched += 1
            matched_total += line.amount
        else:
            found.append(flag)
    counts = {kind: 0 for kind in KINDS}
    for item in found:
        counts[item.kind] += 1
    return ReconciliationReport(invoice.reference, matched, tuple(found),
                                sum(line.amount for line in invoice.lines), matched_total, counts)


def _index_people(participants: Iterable[ParticipantRecord]) -> dict[str, ParticipantRecord]:
    people = {}
    for person in participants:
        people[person.participant_id] = person
        if person.blind_index:
            people[person.blind_index] = person
    return people


def _check(line: InvoiceLine, people: dict[str, ParticipantRecord], by_person: dict[str, list[Allocation]],
           cutoffs: dict[str, int], budget_ids: frozenset[str],
           billed: dict[tuple[str, int], int]) -> Discrepancy | None:
    person = people.get(line.person_ref)
    if person is None:
        return _flag(line, "unknown_person", None, 0, "not_in_registry")
    pid = person.participant_id
    if not is_valid_month(line.period):
        return _flag(line, "amount_mismatch", pid, 0, "invalid_period")
    index = month_index(line.period)
    if pid in cutoffs and index >= cutoffs[pid]:
        kind = "deceased_recipient" if person.status == DECEASED else "terminated_recipient"
        return _flag(line, kind, pid, 0, person.status)
    if _protected_otherwise(person, index):
        return _flag(line, "already_protected_elsewhere", pid, 0, "other_membership")
    covering = [a for a in by_person.get(pid, ()) if a.covers(index)]
    own = [a for a in covering if a.budget_id in budget_ids]
    if not own:
        if covering:
            return _flag(line, "already_protected_elsewhere", pid, 0, "funded_by_other_budget")
        return _flag(line, "unknown_person", pid, 0, "no_allocation_for_period")
    key = (pid, index)
    expected = sum(a.monthly_amount for a in own) - billed.get(key, 0)
    billed[key] = billed.get(key, 0) + line.amount
    if line.amount != expected:
        return _flag(line, "amount_mismatch", pid, expected, "duplicate_line" if expected == 0 else "")
    return None


def _protected_otherwise(person: ParticipantRecord, index: int) -> bool:
    for start, end in person.other_protection:
        if month_index(month_of(start)) <= index and (end is None or index <= month_index(month_of(end))):
            return True
    return False


def _flag(line: InvoiceLine, kind: str, pid: str | None, expected: int, detail: str) -> Discrepancy:
    return Discrepancy(line.line_no, kind, line.person_ref, pid, line.period, line.amount, expected, detail)
