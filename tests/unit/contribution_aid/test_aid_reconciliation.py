"""Reconciling a BPJS invoice: each kind of discrepancy is found, and nothing else."""
from __future__ import annotations

import datetime as dt
import time

from aid_builders import allocation

from contribution_aid.domain.reconciliation import Invoice, InvoiceLine, ParticipantRecord, reconcile

MONTHS = ("2026-01", "2026-02", "2026-03")


def population(count):
    people = [ParticipantRecord(f"p-{i}", blind_index=f"bi{i:08x}") for i in range(count)]
    allocations = [allocation(pid=p.participant_id, budget_id="b-apbd", source="apbd") for p in people]
    return people, allocations


def clean_lines(people):
    lines, number = [], 0
    for person in people:
        for month in MONTHS:
            number += 1
            ref = person.blind_index if number % 2 else person.participant_id  # BPJS uses either
            lines.append(InvoiceLine(number, ref, month, 16800))
    return lines


def test_generated_invoice_reports_each_discrepancy_and_nothing_else(policies):
    people, allocations = population(200)
    people[10] = ParticipantRecord("p-10", "bi0000000a", "terminated", dt.date(2026, 2, 10))
    people[11] = ParticipantRecord("p-11", "bi0000000b", "deceased", dt.date(2026, 2, 3))
    people[12] = ParticipantRecord("p-12", "bi0000000c",
                                   other_protection=((dt.date(2026, 3, 1), None),))  # became PU in March
    people.append(ParticipantRecord("p-900", "bi-prov"))  # funded by the province only
    allocations.append(allocation(pid="p-900", budget_id="b-prov", source="apbd_provinsi"))
    lines = clean_lines(people[:200])
    extra = len(lines)
    lines += [
        InvoiceLine(extra + 1, "bi-nobody", "2026-01", 16800),   # unknown person
        InvoiceLine(extra + 2, "bi-prov", "2026-02", 16800),     # the province pays that month
    ]
    lines[3 * 20] = InvoiceLine(lines[3 * 20].line_no, "p-20", "2026-01", 17000)  # wrong amount
    report = reconcile(Invoice("INV-2026-03", frozenset({"b-apbd"}), tuple(lines)), people, allocations,
                       policies["sambas"])

    found = {(d.kind, d.participant_id, d.period) for d in report.discrepancies}
    assert found == {
        ("unknown_person", None, "2026-01"),
        ("already_protected_elsewhere", "p-900", "2026-02"),
        ("already_protected_elsewhere", "p-12", "2026-03"),
        ("terminated_recipient", "p-10", "2026-03"),
        ("deceased_recipient", "p-11", "2026-03"),
        ("amount_mismatch", "p-20", "2026-01"),
    }
    assert report.counts == {"unknown_person": 1, "already_protected_elsewhere": 2, "terminated_recipient": 1,
                             "deceased_recipient": 1, "amount_mismatch": 1}
    assert report.matched == len(lines) - 6
    mismatch = next(d for d in report.discrepancies if d.kind == "amount_mismatch")
    assert (mismatch.billed, mismatch.expected) == (17000, 16800)


def test_months_before_termination_still_match(policies):
    people = [ParticipantRecord("p-1", status="terminated", effective_date=dt.date(2026, 2, 10))]
    allocations = [allocation(pid="p-1", budget_id="b", source="apbd")]
    lines = tuple(InvoiceLine(i, "p-1", m, 16800) for i, m in enumerate(("2026-01", "2026-02"), 1))
    report = reconcile(Invoice("I", frozenset({"b"}), lines), people, allocations, policies["sambas"])
    assert report.matched == 2 and report.discrepancies == ()


def test_duplicate_line_and_unfunded_month_are_flagged(policies):
    people = [ParticipantRecord("p-1")]
    allocations = [allocation(pid="p-1", budget_id="b", source="apbd", months=2)]
    lines = (InvoiceLine(1, "p-1", "2026-01", 16800), InvoiceLine(2, "p-1", "2026-01", 16800),
             InvoiceLine(3, "p-1", "2026-05", 16800))
    report = reconcile(Invoice("I", frozenset({"b"}), lines), people, allocations, policies["sambas"])
    assert [(d.line_no, d.kind, d.detail) for d in report.discrepancies] == [
        (2, "amount_mismatch", "duplicate_line"), (3, "unknown_person", "no_allocation_for_period")]


def test_co_financed_month_expects_only_this_payers_share(policies):
    people = [ParticipantRecord("p-1")]
    allocations = [allocation(pid="p-1", budget_id="b-apbd", source="apbd", monthly_amount=10080, share_bp=6000),
                   allocation(pid="p-1", budget_id="b-csr", source="csr", monthly_amount=6720, share_bp=4000)]
    lines = (InvoiceLine(1, "p-1", "2026-01", 6720),)
    report = reconcile(Invoice("I", frozenset({"b-csr"}), lines), people, allocations, policies["berau"])
    assert report.matched == 1 and report.discrepancies == ()


def test_hundred_thousand_lines_in_one_pass(policies):
    people, allocations = population(34_000)
    lines = tuple(clean_lines(people)[:100_000])
    started = time.perf_counter()
    report = reconcile(Invoice("BIG", frozenset({"b-apbd"}), lines), people, allocations, policies["sambas"])
    elapsed = time.perf_counter() - started
    assert report.matched == 100_000 and report.discrepancies == ()
    assert elapsed < 5.0, elapsed
