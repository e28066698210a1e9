"""Applicant facts: what the NIK says, how contradictions and bad values are refused, and the
age reading of the `age_*` interpretations (completed years; 29 February anniversaries on 28 February)."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from elig_helpers import make_nik

from eligibility.rules import InvalidFacts, build_facts
from eligibility.rules.age import age_on, ages_on

AS_OF = dt.date(2026, 1, 15)


def test_nik_gives_birth_date_sex_and_region():
    facts = build_facts({"nik": make_nik("6101", dt.date(1980, 6, 15), "F")}, as_of=AS_OF)
    assert (facts.birth_date, facts.sex, facts.nik_regency_code) == (dt.date(1980, 6, 15), "F", "6101")
    male = build_facts({"nik": make_nik("5304", dt.date(2008, 1, 3), "M")}, as_of=AS_OF)
    assert (male.birth_date, male.sex, male.nik_regency_code) == (dt.date(2008, 1, 3), "M", "5304")


def test_nik_century_is_resolved_against_the_decision_date():
    nik = make_nik("6405", dt.date(2025, 3, 1))
    assert build_facts({"nik": nik}, as_of=dt.date(2025, 3, 1)).birth_date == dt.date(2025, 3, 1)
    assert build_facts({"nik": nik}, as_of=dt.date(2025, 2, 28)).birth_date == dt.date(1925, 3, 1)
    stated = build_facts({"nik": nik, "birth_date": "1925-03-01"}, as_of=dt.date(2026, 1, 1))
    assert stated.birth_date == dt.date(1925, 3, 1)


def test_consistent_stated_birth_date_and_sex_are_accepted():
    nik = make_nik("6309", dt.date(1970, 8, 17), "M")
    facts = build_facts({"nik": nik, "birth_date": dt.date(1970, 8, 17), "sex": "M"}, as_of=AS_OF)
    assert facts.birth_date == dt.date(1970, 8, 17)


@pytest.mark.parametrize("applicant,field", [
    ({"nik": make_nik("6101", dt.date(1980, 6, 15), "F"), "birth_date": "1980-06-14"}, "birth_date"),
    ({"nik": make_nik("6101", dt.date(1980, 6, 15), "F"), "sex": "M"}, "sex"),
    ({"nik": "9999015506800001"}, "nik"),             # unknown province+regency
    ({"nik": "6101013102800001"}, "nik"),             # 31 February
    ({"nik": "61010155068000"}, "nik"),               # too short
    ({"nik": 6101015506800001}, "nik"),               # not a string
    ({"has_ktp": "yes"}, "has_ktp"),
    ({"monthly_income": -1}, "monthly_income"),
    ({"monthly_income": True}, "monthly_income"),
    ({"religion": "jedi"}, "religion"),
    ({"worker_type": "freelance"}, "worker_type"),
    ({"domicile_regency_code": "61"}, "domicile_regency_code"),
    ({"birth_date": "15-06-1980"}, "birth_date"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
])
def test_invalid_facts_name_the_field(applicant, field):
    with pytest.raises(InvalidFacts) as raised:
        build_facts(applicant, as_of=AS_OF)
    assert [f for f, _ in raised.value.errors] == [field]
    assert raised.value.status == 422


def test_all_field_errors_are_reported_together():
    with pytest.raises(InvalidFacts) as raised:
        build_facts({"has_ktp": 1, "nik": "123", "religion": "x"}, as_of=AS_OF)
    assert sorted(f for f, _ in raised.value.errors) == ["has_ktp", "nik", "religion"]


def test_text_is_normalised_and_e_ktp_is_a_ktp():
    facts = build_facts({"religious_role": "  Guru   Sekolah Minggu ", "religion": "Kristen", "has_e_ktp": True},
                        as_of=AS_OF)
    assert (facts.religious_role, facts.religion, facts.has_ktp) == ("guru sekolah minggu", "kristen", True)
    assert build_facts({"has_e_ktp": True, "has_ktp": False}, as_of=AS_OF).has_ktp is False


def test_none_means_not_stated():
    facts = build_facts({"has_ktp": None, "nik": None}, as_of=AS_OF)
    assert facts.has_ktp is None and facts.birth_date is None


@pytest.mark.parametrize("birth,on,age", [
    (dt.date(2008, 1, 15), dt.date(2026, 1, 14), 17),
    (dt.date(2008, 1, 15), dt.date(2026, 1, 15), 18),
    (dt.date(2008, 2, 29), dt.date(2026, 2, 27), 17),
    (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 18),   # non-leap: anniversary on 28 February
    (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    (dt.date(2012, 2, 29), dt.date(2032, 2, 28), 19),   # leap year: anniversary on 29 February
    (dt.date(2012, 2, 29), dt.date(2032, 2, 29), 20),
    (dt.date(2000, 2, 28), dt.date(2001, 2, 28), 1),
    (dt.date(2000, 3, 1), dt.date(2001, 2, 28), 0),
    (dt.date(1960, 12, 31), dt.date(2026, 1, 1), 65),
])
def test_age_in_completed_years(birth, on, age):
    assert age_on(birth, on) == age
    ages, known = ages_on(np.array([birth], dtype="datetime64[D]"), on)
    assert ages.tolist() == [age] and known.tolist() == [True]


def test_vectorised_age_equals_scalar_age_on_random_dates():
    rng = random.Random(3)
    births = [dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(30000)) for _ in range(3000)]
    births += [dt.date(y, 2, 29) for y in range(1932, 2024, 4)]
    for on in (dt.date(2026, 2, 28), dt.date(2028, 2, 28), dt.date(2028, 2, 29), dt.date(2025, 12, 31)):
        ages, known = ages_on(np.array(births + [None], dtype="datetime64[D]"), on)
        assert ages[:-1].tolist() == [age_on(b, on) for b in births]
        assert known.tolist() == [True] * len(births) + [False]
