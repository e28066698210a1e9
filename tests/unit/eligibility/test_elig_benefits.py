"""Benefit rules (Tabalong Pasal 6-11): JHT claim, JP pension or lump sum, JKP exclusions, JKK lapse."""
from __future__ import annotations

import datetime as dt

import pytest
from elig_helpers import born_turning

from eligibility.rules import jht_claim, jkk_claim, jkp_claim, jp_old_age
from shared.regulation import value_on

DAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize("offset,events,outcome", [
    (1, {"deceased": False, "total_permanent_disability": False, "stopped_working": False}, "ineligible"),
    (0, {}, "eligible"),
    (-1, {}, "eligible"),
    (1, {"stopped_working": True}, "eligible"),
    (1, {"deceased": True}, "eligible"),
    (1, {"total_permanent_disability": True}, "eligible"),
    (1, {"deceased": False}, "needs_information"),
])
def test_jht_claim(registry, offset, events, outcome):
    facts = {"birth_date": born_turning(56, DAY, offset), **events}
    decision = jht_claim(registry, "6101", DAY, facts)
    assert decision.outcome == outcome
    claim = decision.checks[1]
    assert claim.options[0].requirement == "56 <= age"
    if outcome == "needs_information":
        assert list(decision.missing_facts) == ["total_permanent_disability", "stopped_working"]


def test_tabalong_cites_its_own_articles_for_jht(registry):
    decision = jht_claim(registry, "6309", DAY, {"birth_date": "1960-01-01"})
    options = decision.checks[1].options
    assert [o.citation for o in options] == [
        "Perbup Tabalong No. 5/2025 Pasal 7 ayat (2) huruf a", "Perbup Tabalong No. 5/2025 Pasal 7 ayat (2) huruf b",
        "Perbup Tabalong No. 5/2025 Pasal 7 ayat (2) huruf c", "Perbup Tabalong No. 5/2025 Pasal 7 ayat (2) huruf d"]
    elsewhere = jht_claim(registry, "6405", DAY, {"birth_date": "1960-01-01"})
    assert elsewhere.checks[1].options[0].citation == "Permenaker 4/2022"


@pytest.mark.parametrize("day,age", [
    (dt.date(2015, 7, 1), 56), (dt.date(2018, 12, 31), 56), (dt.date(2019, 1, 1), 57), (dt.date(2021, 12, 31), 57),
    (dt.date(2022, 1, 1), 58), (dt.date(2025, 1, 1), 59), (dt.date(2027, 12, 31), 59), (dt.date(2028, 1, 1), 60),
    (dt.date(2040, 6, 1), 64), (dt.date(2043, 1, 1), 65), (dt.date(2070, 1, 1), 65),
])
def test_jp_retirement_age_schedule(registry, day, age):
    assert value_on(registry.get("6101").jp_retirement_age, day).value == age


@pytest.mark.parametrize("age_offset,months,outcome", [
    (0, 180, "old_age_pension"),
    (0, 179, "lump_sum"),
    (1, 240, "not_yet_retirement_age"),
    (0, None, "needs_information"),
])
def test_jp_old_age(registry, age_offset, months, outcome):
    birth = born_turning(59, DAY, age_offset)  # retirement age 59 in 2026
    decision = jp_old_age(registry, "6101", DAY, {"birth_date": birth}, months)
    assert decision.outcome == outcome
    assert decision.details["retirement_age"] == 59
    assert decision.checks[1].citation == "PP 45/2015 Pasal 15 ayat (3)"


def test_jp_in_2028_needs_age_60_and_tabalong_cites_pasal_9(registry):
    day = dt.date(2028, 3, 1)
    decision = jp_old_age(registry, "6309", day, {"birth_date": born_turning(59, day)}, 200)
    assert decision.outcome == "not_yet_retirement_age"
    assert decision.checks[1].requirement == "age >= 60"
    assert decision.checks[1].citation == "Perbup Tabalong No. 5/2025 Pasal 9 ayat (1)"
    assert decision.checks[1].see_also == ("PP 45/2015 Pasal 15 ayat (3)",)
    assert decision.checks[2].citation == "Perbup Tabalong No. 5/2025 Pasal 8 ayat (3)"


@pytest.mark.parametrize("code,reason,outcome", [
    ("6101", "dismissal", "eligible"),
    ("6101", "contract_ended", "eligible"),
    ("6101", "resignation", "ineligible"),
    ("6101", "total_permanent_disability", "ineligible"),
    ("6101", "retirement", "ineligible"),
    ("6101", "death", "ineligible"),
    ("6101", None, "needs_information"),
    ("6207", "dismissal", "ineligible"),  # Lamandau does not run JKP
])
def test_jkp_claim(registry, code, reason, outcome):
    decision = jkp_claim(registry, code, DAY, reason)
    assert decision.outcome == outcome
    if code == "6207":
        assert decision.checks[0].passed is False
        assert decision.checks[0].citation == "Perbup Lamandau No. 25/2024 Pasal 4 ayat (1)"


def test_jkp_exclusions_cite_tabalong_pasal_11(registry):
    decision = jkp_claim(registry, "6309", DAY, "resignation")
    assert decision.checks[1].citation == "Perbup Tabalong No. 5/2025 Pasal 11 ayat (3)"
    assert decision.checks[1].label == "mengundurkan diri"


@pytest.mark.parametrize("event,claim,in_time", [
    (dt.date(2025, 3, 10), dt.date(2030, 3, 9), True),
    (dt.date(2025, 3, 10), dt.date(2030, 3, 10), False),   # five years have passed on the anniversary
    (dt.date(2025, 3, 10), dt.date(2030, 3, 11), False),
    (dt.date(2024, 2, 29), dt.date(2029, 2, 27), True),
    (dt.date(2024, 2, 29), dt.date(2029, 2, 28), False),   # 29 Feb -> 28 Feb in a non-leap year
])
def test_jkk_claim_lapses_after_five_years(registry, event, claim, in_time):
    decision = jkk_claim(registry, "6101", claim, event)
    assert decision.eligible is in_time


def test_jkk_citations_follow_the_event_date(registry):
    after = jkk_claim(registry, "6309", dt.date(2026, 1, 1), dt.date(2025, 6, 1))
    before = jkk_claim(registry, "6309", dt.date(2026, 1, 1), dt.date(2024, 6, 1))
    assert after.checks[1].citation == "Perbup Tabalong No. 5/2025 Pasal 6 ayat (2)"
    assert before.checks[1].citation == "PP 44/2015"
    assert after.to_dict()["lapses_on"] == "2030-06-01"
