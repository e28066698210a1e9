"""Allocation decisions: amount from the parameters in force, and each refusal on its own."""
from __future__ import annotations

from aid_builders import Payer, allocation, budget, person, request

from contribution_aid.domain.allocations import decide_allocation


def decide(policies, monthly, name="sambas", req=None, bud=None, committed=0, existing=()):
    req = req or request(person())
    bud = bud or budget()
    return decide_allocation(req, bud, committed, existing, policies[name], monthly[name])


def only_refusal(decision):
    assert not decision.allowed and decision.allocation is None
    assert len(decision.refusals) == 1, [r.code for r in decision.refusals]
    return decision.refusals[0]


def test_amount_is_months_times_the_monthly_contribution(policies, monthly):
    decision = decide(policies, monthly)
    assert decision.allowed
    assert (decision.monthly_contribution, decision.amount) == (16800, 201_600)
    assert decision.months[0] == "2026-01" and decision.months[-1] == "2026-12"
    assert decision.allocation.amount == 201_600 and decision.allocation.funding_source == "apbd"
    assert "Perbup Sambas No. 59/2025 Pasal 17 ayat (1)" in decision.citations
    assert "PP 44/2015" in decision.citations


def test_exact_fit_is_allowed_and_one_rupiah_more_is_exhausted(policies, monthly):
    assert decide(policies, monthly, bud=budget(amount=201_600)).allowed
    refusal = only_refusal(decide(policies, monthly, bud=budget(amount=1_000_000), committed=798_401))
    assert refusal.code == "budget_exhausted"
    assert refusal.details == {"available": 201_599, "requested": 201_600}
    assert refusal.citations == ("Perbup Sambas No. 59/2025 Pasal 22 ayat (4)",)


def test_dbh_sawit_for_a_non_palm_oil_scheme_is_an_earmark_violation(policies, monthly):
    refusal = only_refusal(decide(policies, monthly, bud=budget(source="dbh_sawit", budget_id="b-dbh")))
    assert (refusal.code, refusal.details["rule"]) == ("earmark_violated", "schemes")
    palm = request(person(scheme="palm_oil_worker_aid"))
    assert decide(policies, monthly, req=palm, bud=budget(source="dbh_sawit", budget_id="b-dbh")).allowed


def test_apbdes_for_a_kelurahan_resident_is_an_earmark_violation(policies, monthly):
    village = budget(source="apbdes", payer=Payer("village", "6101012001"), budget_id="b-desa")
    refusal = only_refusal(decide(policies, monthly, bud=village,
                                  req=request(person(village_kind="kelurahan"))))
    assert (refusal.code, refusal.details["rule"]) == ("earmark_violated", "village_kind")
    assert refusal.citations == ("Perbup Sambas No. 59/2025 Pasal 29 huruf c",)
    assert decide(policies, monthly, bud=village).allowed


def test_apbdes_of_another_desa_is_an_earmark_violation(policies, monthly):
    village = budget(source="apbdes", payer=Payer("village", "6101012999"), budget_id="b-desa")
    refusal = only_refusal(decide(policies, monthly, bud=village))
    assert refusal.details["rule"] == "own_village"


def test_budget_earmarked_for_a_scheme_refuses_other_schemes(policies, monthly):
    refusal = only_refusal(decide(policies, monthly, bud=budget(scheme="religious_worker_aid")))
    assert (refusal.code, refusal.details["rule"]) == ("earmark_violated", "budget_scheme")


def test_same_month_funded_by_province_and_regency_is_refused(policies, monthly):
    provincial = allocation(budget_id="b-prov", source="apbd_provinsi", start="2026-06", months=3)
    refusal = only_refusal(decide(policies, monthly, existing=[provincial]))
    assert refusal.code == "month_already_funded"
    assert refusal.details["months"] == ["2026-06", "2026-07", "2026-08"]
    assert refusal.details["funders"] == [{"budget_id": "b-prov", "funding_source": "apbd_provinsi"}]
    # the months the province does not pay are free
    assert decide(policies, monthly, req=request(person(), start="2026-09", months=4),
                  existing=[provincial]).allowed


def test_another_participants_allocation_does_not_count(policies, monthly):
    assert decide(policies, monthly, existing=[allocation(pid="p-2")]).allowed


def test_missing_evaluation_is_refused(policies, monthly):
    refusal = only_refusal(decide(policies, monthly, req=request(person(approved=False))))
    assert refusal.code == "evaluation_missing"
    assert refusal.citations == ("Perbup Sambas No. 59/2025 Pasal 23 ayat (7)",)


def test_terminated_participant_is_refused(policies, monthly):
    assert only_refusal(decide(policies, monthly, req=request(person(status="terminated")))).code \
        == "participant_not_active"


def test_other_regency_participant_is_refused(policies, monthly):
    assert only_refusal(decide(policies, monthly, req=request(person(regency="6405")))).code == "regency_mismatch"


def test_scheme_not_aided_in_the_regency_is_refused(policies, monthly):
    refusal = only_refusal(decide(policies, monthly, name="berau", bud=budget("6405"),
                                  req=request(person(regency="6405", scheme="palm_oil_worker_aid"))))
    assert refusal.code == "scheme_not_aided"


def test_months_outside_the_fiscal_year_are_refused(policies, monthly):
    refusal = only_refusal(decide(policies, monthly, req=request(person(), start="2026-07", months=12)))
    assert refusal.code == "outside_fiscal_year"
    assert refusal.details["months"] == [f"2027-{m:02d}" for m in range(1, 7)]


def test_partial_share_is_refused_where_co_financing_is_not_provided(policies, monthly):
    refusal = only_refusal(decide(policies, monthly, req=request(person(), share_bp=5000)))
    assert refusal.code == "co_financing_not_allowed"
    assert "interpretasi co_financing_one_month" in refusal.citations


def test_invalid_request_is_a_refusal_not_an_exception(policies, monthly):
    assert only_refusal(decide(policies, monthly, req=request(person(), start="2026-13"))).code == "invalid_request"
    assert only_refusal(decide(policies, monthly, req=request(person(), months=0))).code == "invalid_request"


# -- Berau co-financing (Pasal 20(2)) -----------------------------------------------------------

def berau_person():
    return person(regency="6405", village_kind="desa", village_code="6405012001")


def test_berau_co_financing_two_sources_summing_to_100_percent(policies, monthly):
    csr_budget = budget("6405", "csr", payer=Payer("company", "emp-9"), budget_id="b-csr")
    first = decide(policies, monthly, name="berau", bud=budget("6405", budget_id="b-apbd"),
                   req=request(berau_person(), share_bp=6000))
    assert first.allowed and first.monthly_amount == 10080
    second = decide(policies, monthly, name="berau", bud=csr_budget,
                    req=request(berau_person(), share_bp=4000), existing=[first.allocation])
    assert second.allowed and second.monthly_amount == 6720
    assert first.monthly_amount + second.monthly_amount == 16800
    assert second.refusals == ()


def test_berau_co_financing_above_100_percent_is_refused(policies, monthly):
    apbd = allocation(pid="p-1", budget_id="b-apbd", source="apbd", monthly_amount=10080, share_bp=6000)
    refusal = only_refusal(decide(policies, monthly, name="berau",
                                  bud=budget("6405", "csr", payer=Payer("company", "emp-9"), budget_id="b-csr"),
                                  req=request(berau_person(), share_bp=5000), existing=[apbd]))
    assert refusal.code == "share_exceeds_contribution"
    assert refusal.details["taken_bp"][0] == 6000 and refusal.details["requested_bp"] == 5000
    assert refusal.citations == ("Perbup Berau No. 44/2024 Pasal 20 ayat (2)",)


def test_berau_month_already_paid_in_full_is_refused_even_with_co_financing(policies, monthly):
    full = allocation(pid="p-1", budget_id="b-apbd", source="apbd")
    refusal = only_refusal(decide(policies, monthly, name="berau",
                                  bud=budget("6405", "other", budget_id="b-other"),
                                  req=request(berau_person(), share_bp=2000), existing=[full]))
    assert refusal.code == "month_already_funded"


def test_the_same_budget_never_pays_a_month_twice(policies, monthly):
    half = allocation(pid="p-1", budget_id="b-apbd", source="apbd", monthly_amount=8400, share_bp=5000)
    refusal = only_refusal(decide(policies, monthly, name="berau", bud=budget("6405", budget_id="b-apbd"),
                                  req=request(berau_person(), share_bp=5000), existing=[half]))
    assert refusal.code == "month_already_funded"


def test_completing_share_takes_the_exact_remainder(policies, monthly):
    jkk_like = allocation(pid="p-1", budget_id="b-apbd", source="apbd", monthly_amount=9999, share_bp=5952)
    decision = decide(policies, monthly, name="berau", bud=budget("6405", "other", budget_id="b-other"),
                      req=request(berau_person(), share_bp=4048), existing=[jkk_like])
    assert decision.allowed and decision.monthly_amount == 6801  # 9999 + 6801 = 16800
