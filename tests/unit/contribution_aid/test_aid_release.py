"""Release on termination: committed months after the stop go back to the budget."""
from __future__ import annotations

import datetime as dt

import pytest
from aid_builders import allocation

from contribution_aid.domain.reconciliation import Invoice, InvoiceLine, ParticipantRecord, reconcile
from contribution_aid.domain.release import first_unpaid_month, release_on_termination


def test_months_from_the_next_month_are_released(policies):
    allocations = [allocation(pid="p-1", budget_id="b-apbd", source="apbd", allocation_id="a-1")]
    result = release_on_termination("p-1", dt.date(2026, 4, 20), "became_wage_earner", allocations, policies["tts"])
    (release,) = result.releases
    assert (release.from_month, release.months_released, release.amount) == ("2026-05", 8, 8 * 16800)
    assert result.released_by_budget() == {"b-apbd": 134_400}
    (updated,) = result.allocations
    assert updated.released_from == "2026-05" and updated.committed_amount == 4 * 16800
    assert updated.paid_months[-1] == "2026-04"
    assert "Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf b" in result.citations
    assert "Perbup TTS No. 20/2025 Pasal 20 ayat (2)" in result.citations


def test_co_financed_and_future_allocations_release_their_own_amounts(policies):
    allocations = [allocation(pid="p-1", budget_id="b-apbd", source="apbd", monthly_amount=10080, share_bp=6000),
                   allocation(pid="p-1", budget_id="b-csr", source="csr", monthly_amount=6720, share_bp=4000),
                   allocation(pid="p-1", budget_id="b-2027", source="apbd", start="2027-01"),
                   allocation(pid="p-2", budget_id="b-apbd", source="apbd")]
    result = release_on_termination("p-1", dt.date(2026, 10, 1), "deceased", allocations, policies["berau"])
    assert result.released_by_budget() == {"b-apbd": 2 * 10080, "b-csr": 2 * 6720, "b-2027": 12 * 16800}
    assert [a.participant_id for a in result.allocations] == ["p-1", "p-1", "p-1"]
    assert "Perbup Berau No. 44/2024 Pasal 26" in result.citations


def test_nothing_to_release_after_the_last_paid_month(policies):
    allocations = [allocation(pid="p-1", budget_id="b", source="apbd", start="2026-01", months=3)]
    result = release_on_termination("p-1", dt.date(2026, 6, 1), "moved_out", allocations, policies["sambas"])
    assert result.releases == () and result.released_total == 0


def test_released_months_are_flagged_on_the_next_invoice(policies):
    allocations = [allocation(pid="p-1", budget_id="b", source="apbd")]
    result = release_on_termination("p-1", dt.date(2026, 3, 31), "not_found", allocations, policies["tts"])
    person = ParticipantRecord("p-1", status="terminated", effective_date=dt.date(2026, 3, 31))
    lines = (InvoiceLine(1, "p-1", "2026-03", 16800), InvoiceLine(2, "p-1", "2026-04", 16800))
    report = reconcile(Invoice("I", frozenset({"b"}), lines), [person], result.allocations, policies["tts"])
    assert report.matched == 1
    assert [(d.line_no, d.kind) for d in report.discrepancies] == [(2, "terminated_recipient")]


def test_first_unpaid_month_rolls_over_the_year(policies):
    assert first_unpaid_month(dt.date(2026, 12, 31), policies["lamandau"]) == "2027-01"


def test_unknown_reason_is_rejected(policies):
    with pytest.raises(ValueError):
        release_on_termination("p-1", dt.date(2026, 1, 1), "bored", [], policies["tts"])
