"""National contribution parameters: amounts come from the dated profile, not from code."""
from __future__ import annotations

import datetime as dt

import pytest

from contribution_aid.domain.parameters import ContributionParameters, ParameterError, monthly_contribution


def test_bpu_jkk_jkm_lowest_tier_is_16800(params):
    amount, breakdown, citations = monthly_contribution(["JKK", "JKM"], dt.date(2026, 1, 1), "bpu",
                                                        parameters=params)
    assert amount == 16800
    assert {(line.program, line.amount) for line in breakdown} == {("JKK", 10000), ("JKM", 6800)}
    assert citations == ("PP 44/2015",)


def test_bpu_declared_income_uses_one_percent_with_floor_and_ceiling(params):
    day = dt.date(2026, 1, 1)
    assert params.monthly_contribution(["JKK"], day, "bpu", 3_500_000).amount == 35000
    assert params.monthly_contribution(["JKK"], day, "bpu", 600_000).amount == 10000
    assert params.monthly_contribution(["JKK"], day, "bpu", 50_000_000).amount == 207000


def _wage_quote(params, day):
    return params.monthly_contribution(["JKK", "JKM", "JKP"], day, "pu", 4_000_000, risk_group="low")


def _by(quote, program):
    return sum(line.amount for line in quote.breakdown if line.program == program)


def test_jkp_is_046_percent_the_day_before_pp_6_2025(params):
    quote = _wage_quote(params, dt.date(2025, 2, 6))
    assert _by(quote, "JKP") == 18400  # 0.46 % of 4,000,000
    assert _by(quote, "JKK") == 16000  # 0.54 - 0.14 recomposed
    assert _by(quote, "JKM") == 8000  # 0.30 - 0.10 recomposed
    assert "PP 37/2021 Pasal 11" in quote.citations


def test_jkp_is_036_percent_from_7_february_2025(params):
    quote = _wage_quote(params, dt.date(2025, 2, 7))
    assert _by(quote, "JKP") == 14400  # 0.36 %
    assert _by(quote, "JKM") == 12000  # full 0.30 % again
    assert "PP 6/2025 Pasal 11" in quote.citations


def test_jp_wage_cap_changes_in_march(params):
    def jp(day):
        return params.monthly_contribution(["JP"], day, "pu", 20_000_000).amount
    assert jp(dt.date(2025, 2, 28)) == 301269  # 3 % of 10,042,300
    assert jp(dt.date(2025, 3, 1)) == 316422  # 3 % of 10,547,400


def test_wage_earner_split_by_payer(params):
    quote = params.monthly_contribution(["JHT"], dt.date(2026, 1, 1), "pu", 5_000_000)
    assert {(line.payer, line.amount) for line in quote.breakdown} == {("employer", 185000), ("worker", 100000)}


def test_bpu_rate_change_in_profile_takes_effect_on_its_date():
    data = {"bpu": {"JKM": [
        {"value": {"basis": "flat", "payer": "participant", "amount": 6800}, "from": "2015-07-01",
         "until": "2027-01-01", "citation": "PP 44/2015"},
        {"value": {"basis": "flat", "payer": "participant", "amount": 7500}, "from": "2027-01-01",
         "citation": "PP 99/2026"}]}}
    params = ContributionParameters.from_dict(data)
    assert params.monthly_contribution(["JKM"], dt.date(2026, 12, 31), "bpu").amount == 6800
    later = params.monthly_contribution(["JKM"], dt.date(2027, 1, 1), "bpu")
    assert later.amount == 7500 and later.citations == ("PP 99/2026",)


def test_no_parameter_in_force_is_an_error(params):
    with pytest.raises(ParameterError):
        params.monthly_contribution(["JKK"], dt.date(2010, 1, 1), "bpu")


def test_wage_earner_needs_wage_and_risk_group(params):
    with pytest.raises(ParameterError):
        params.monthly_contribution(["JKK"], dt.date(2026, 1, 1), "pu")
    with pytest.raises(ParameterError):
        params.monthly_contribution(["JKK"], dt.date(2026, 1, 1), "pu", 4_000_000)


def test_construction_bands_are_marginal(params):
    quote = params.construction_contribution(1_000_000_000, dt.date(2026, 1, 1))
    jkk = 100_000_000 * 0.0021 + 400_000_000 * 0.0017 + 500_000_000 * 0.0013
    jkm = 100_000_000 * 0.0003 + 400_000_000 * 0.0002 + 500_000_000 * 0.0002
    assert _by(quote, "JKK") == round(jkk) == 1_540_000
    assert _by(quote, "JKM") == round(jkm) == 210_000


def test_migrant_amounts_permenaker_4_2023(params):
    day = dt.date(2026, 1, 1)
    assert params.migrant_contribution("before_placement", day).amount == 37500
    assert params.migrant_contribution("placement", day, 24).amount == 332500
    assert params.migrant_contribution("placement", day, 12).amount == 189000
    assert params.migrant_contribution("placement", day, 6).amount == 108000
    assert params.migrant_contribution("extension", day, 3).amount == 40500
    assert params.migrant_contribution("placement", day, 6).citations == ("Permenaker 4/2023 Pasal 18",)
    with pytest.raises(ParameterError):
        params.migrant_contribution("placement", day, 9)
