"""Which scheme an allocation pays, village kinds from codes, decree candidates and quota."""
from __future__ import annotations

import datetime as dt

from aid_builders import allocation, budget

from contribution_aid.domain.decrees import affordable_quota, rank_candidates
from contribution_aid.domain.release import release_on_termination
from contribution_aid.domain.schemes import choose_scheme, fundable_schemes, village_kind
from shared.regulation import profiles

PALM, VULNERABLE, RELIGIOUS = "palm_oil_worker_aid", "vulnerable_worker_aid", "religious_worker_aid"


def test_dbh_sawit_funds_the_palm_oil_programme_only(policies):
    assert fundable_schemes(budget(source="dbh_sawit"), policies["sambas"]) == (PALM,)
    assert fundable_schemes(budget(), policies["sambas"]) == (PALM, RELIGIOUS, VULNERABLE)
    assert fundable_schemes(budget(scheme=RELIGIOUS), policies["sambas"]) == (RELIGIOUS,)


def test_the_scheme_the_budget_may_fund_is_chosen(policies):
    sambas = policies["sambas"]
    assert choose_scheme([VULNERABLE, PALM], budget(source="dbh_sawit"), sambas) == PALM
    assert choose_scheme([VULNERABLE], budget(source="dbh_sawit"), sambas) == VULNERABLE  # refused as an earmark
    assert choose_scheme([], budget(source="dbh_sawit"), sambas) == PALM  # refused as evaluation missing
    assert choose_scheme([VULNERABLE], budget(), sambas, requested=RELIGIOUS) == RELIGIOUS


def test_village_kind_from_the_kemendagri_code():
    kinds = profiles().part("6101", "participants")["village_kinds"]
    assert village_kind("6101012001", kinds) == "desa"
    assert village_kind("6101011005", kinds) == "kelurahan"
    assert village_kind(None, kinds) is None and village_kind("6101", kinds) is None


def test_candidates_follow_the_ranking_and_leave_out_stopped_people():
    approved = ["a", "b", "c", "d"]
    assert rank_candidates(approved, {"b": "deceased"}).ranked == ("a", "c", "d")
    ranked = rank_candidates(approved, {"b": "deceased"}, ranking=["d", "x", "b", "a"])
    assert (ranked.ranked, ranked.not_approved) == (("d", "a"), ("x", "b"))


def test_quota_counts_the_funded_and_what_the_fundable_budgets_afford(policies):
    unit = 12 * 16_800
    budgets = [(budget(amount=3 * unit + 5), unit), (budget(source="dbh_sawit", amount=10 * unit), 0)]
    assert affordable_quota(VULNERABLE, budgets, 16_800, 12, 4, policies["sambas"]) == 4 + 2
    assert affordable_quota(PALM, budgets, 16_800, 12, 0, policies["sambas"]) == 2 + 10


def test_bpjs_inactive_memberships_stop_aid_too(policies):
    result = release_on_termination("p-1", dt.date(2026, 6, 30), "bpjs_inactive",
                                    [allocation(budget_id="b", source="apbd")], policies["tts"])
    assert result.released_total == 6 * 16_800
