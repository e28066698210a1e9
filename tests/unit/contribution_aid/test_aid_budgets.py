"""Budgets: allowed sources and earmarks per regency, amendments as records, quota."""
from __future__ import annotations

import datetime as dt

import pytest
from aid_builders import Payer, budget

from contribution_aid.domain.budgets import BudgetAmendment, amend_budget, quota, validate_budget


def test_quota_is_whole_people_the_money_pays_for():
    assert quota(10_000_000, 16800, 12) == 49  # 201,600 each
    assert quota(201_600, 16800, 12) == 1
    assert quota(201_599, 16800, 12) == 0
    assert quota(-5, 16800, 12) == 0
    with pytest.raises(ValueError):
        quota(1000, 0, 12)


@pytest.mark.parametrize("regency,name,source", [
    ("5304", "tts", "apbdes"), ("5304", "tts", "csr"), ("6405", "berau", "csr"),
    ("6101", "sambas", "apbd_provinsi"), ("6101", "sambas", "dbh_sawit"), ("6101", "sambas", "apbdes"),
    ("6207", "lamandau", "transfer"), ("6207", "lamandau", "donation"), ("6207", "lamandau", "apbdes"),
    ("6309", "tabalong", "apbd"), ("6309", "tabalong", "other"),
])
def test_sources_each_regency_names_are_accepted(policies, regency, name, source):
    result = validate_budget(budget(regency, source), policies[name])
    assert result.accepted, result.rejections
    assert result.citations[0].startswith(policies[name].regulation_title)


@pytest.mark.parametrize("regency,name,source", [
    ("6405", "berau", "apbdes"), ("6405", "berau", "dbh_sawit"), ("6309", "tabalong", "csr"),
    ("6207", "lamandau", "csr"), ("5304", "tts", "apbd_provinsi"), ("6101", "sambas", "transfer"),
])
def test_sources_a_regency_does_not_name_are_refused_with_the_funding_article(policies, regency, name, source):
    result = validate_budget(budget(regency, source), policies[name])
    assert not result.accepted
    (refusal,) = result.rejections
    assert refusal.code == "source_not_allowed"
    assert refusal.citations[0] == str(policies[name].funding_article)
    assert "interpretasi unlisted_named_sources" in refusal.citations


def test_berau_invoices_the_agency_for_apbd_and_the_company_for_csr(policies):
    apbd = validate_budget(budget("6405", "apbd"), policies["berau"])
    csr = validate_budget(budget("6405", "csr", payer=Payer("company", "emp-1", "PT Sawit")), policies["berau"])
    assert apbd.invoice_recipient == "agency"
    assert "Perbup Berau No. 44/2024 Pasal 21 ayat (2)" in apbd.citations
    assert csr.invoice_recipient == "company"
    assert "Perbup Berau No. 44/2024 Pasal 21 ayat (4)" in csr.citations


def test_dbh_sawit_budget_for_another_scheme_is_refused(policies):
    result = validate_budget(budget("6101", "dbh_sawit", scheme="vulnerable_worker_aid"), policies["sambas"])
    (refusal,) = result.rejections
    assert (refusal.code, refusal.details["rule"]) == ("earmark_violated", "schemes")
    assert "Perbup Sambas No. 59/2025 Pasal 25 ayat (2)" in refusal.citations


def test_csr_budget_paid_by_an_agency_is_refused_and_unnamed_company_is_noted(policies):
    wrong = validate_budget(budget("6405", "csr", payer=Payer("agency", "disnaker")), policies["berau"])
    assert [r.details["rule"] for r in wrong.rejections] == ["payer_kind"]
    unnamed = validate_budget(budget("6405", "csr"), policies["berau"])
    assert unnamed.accepted and [n.code for n in unnamed.notes] == ["payer_not_named"]


def test_budget_scheme_must_be_aided_in_the_regency(policies):
    result = validate_budget(budget("6405", "apbd", scheme="palm_oil_worker_aid"), policies["berau"])
    assert [r.code for r in result.rejections] == ["scheme_not_aided"]


def test_amendments_are_records_and_the_amount_is_derived():
    original = budget(amount=10_000_000)
    up = amend_budget(original, BudgetAmendment(2_000_000, dt.date(2026, 8, 1), "Perda APBD-P 2026"), 0)
    down = amend_budget(up.budget, BudgetAmendment(-500_000, dt.date(2026, 9, 1), "Perbup 7/2026"), 0)
    assert down.accepted and down.budget.amount == 11_500_000
    assert down.budget.initial_amount == 10_000_000
    assert [a.delta for a in down.budget.amendments] == [2_000_000, -500_000]
    assert original.amount == 10_000_000  # the old value object is untouched


def test_amendment_below_committed_is_refused():
    result = amend_budget(budget(amount=1_000_000), BudgetAmendment(-900_000, dt.date(2026, 8, 1), "APBD-P"),
                          committed=201_600)
    assert not result.accepted and result.refusal.code == "amendment_below_committed"
    assert result.budget.amount == 1_000_000
