"""Ranking candidates over the quota (TTS Pasal 21(4), 9(3); Sambas 23(3)) and re-verification of
recipients (TTS Pasal 20(1) a-g; Berau Pasal 26; Sambas Pasal 26(6))."""
from __future__ import annotations

import datetime as dt

import pytest
from elig_helpers import born_turning, make_nik

from eligibility.rules import InvalidFacts, NotConfigured, rank_candidates, reverify, reverify_born_in

DAY = dt.date(2026, 1, 15)


def test_tts_ranking_weighs_poverty_dependants_risk_then_gender_age_disability(registry):
    candidates = [
        {"id": "a", "facts": {"poverty_level": "poor", "dependants": 1, "work_risk": "low", "sex": "M",
                              "birth_date": "1990-01-01"}},                                   # 20+5+5 = 30
        {"id": "b", "facts": {"poverty_level": "extreme_poor", "dependants": 2, "work_risk": "high",
                              "sex": "F", "birth_date": "1965-01-01", "disability": True}},  # 30+10+15+10+5+5 = 75
        {"id": "c", "facts": {"poverty_level": "poor", "dependants": 9, "work_risk": "medium",
                              "birth_date": "2004-01-01"}},                                   # 20+20(cap)+10+3 = 53
        {"id": "d", "facts": {"poverty_level": "poor", "dependants": 1, "work_risk": "low", "sex": "M",
                              "birth_date": "1991-01-01"}},                                   # ties with a
    ]
    ranked = rank_candidates(registry, "5304", "vulnerable_worker_aid", DAY, candidates)
    assert [(r.id, r.rank, r.score) for r in ranked] == [("b", 1, 75), ("c", 2, 53), ("a", 3, 30), ("d", 4, 30)]
    reasons = {r.criterion: r for r in ranked[1].reasons}
    assert (reasons["dependants"].value, reasons["dependants"].points) == (9, 20)
    assert reasons["poverty"].citation == "Perbup TTS No. 20/2025 Pasal 21 ayat (4) huruf a"
    assert reasons["age"].citation == "Perbup TTS No. 20/2025 Pasal 9 ayat (3)"
    assert reasons["gender"].value is None and reasons["gender"].points == 0
    assert ranked[0].to_dict()["reasons"][0]["label"] == "Tingkat kemiskinan dan kerentanan sosial ekonomi"


def test_sambas_ranking_uses_the_nik_for_sex_and_age(registry):
    older_woman = make_nik("6101", dt.date(1960, 5, 5), "F")
    young_man = make_nik("6101", dt.date(2000, 5, 5), "M", serial="0002")
    ranked = rank_candidates(registry, "6101", "vulnerable_worker_aid", DAY,
                             [{"id": "m", "facts": {"nik": young_man}}, {"id": "w", "facts": {"nik": older_woman}}])
    assert [(r.id, r.score) for r in ranked] == [("w", 11), ("m", 0)]


def test_ranking_not_configured(registry):
    with pytest.raises(NotConfigured):
        rank_candidates(registry, "6207", "bpu_registration", DAY, [])


TTS_RECIPIENT = {"nik": make_nik("5304", dt.date(1980, 6, 15), "F"), "domicile_regency_code": "5304",
                 "occupation": "pelaku seni", "deceased": False, "worker_type": "bpu",
                 "found_in_field_verification": True, "identity_error": False, "withdrawal_requested": False}


@pytest.mark.parametrize("changes,reasons", [
    ({}, []),
    ({"occupation": "pegawai bank", "vulnerable_worker": False}, ["no_longer_vulnerable"]),
    ({"worker_type": "pu", "registered_by_employer": True}, ["became_wage_earner"]),
    ({"deceased": True}, ["deceased"]),
    ({"domicile_regency_code": "5301"}, ["moved_out"]),
    ({"found_in_field_verification": False}, ["not_found"]),
    ({"identity_error": True}, ["identity_error"]),
    ({"withdrawal_requested": True}, ["voluntary_withdrawal"]),
    ({"deceased": True, "domicile_regency_code": "5301"}, ["deceased", "moved_out"]),
])
def test_tts_termination_reasons(registry, changes, reasons):
    result = reverify(registry, "5304", "vulnerable_worker_aid", DAY, {**TTS_RECIPIENT, **changes})
    assert list(result.reasons) == reasons
    assert result.terminate is bool(reasons)


def test_aged_out_of_the_scheme_is_no_longer_vulnerable(registry):
    birth = born_turning(66, DAY)  # TTS bound: 17 <= age <= 65
    facts = {**TTS_RECIPIENT, "nik": make_nik("5304", birth, "F")}
    on_birthday = reverify(registry, "5304", "vulnerable_worker_aid", DAY, facts)
    day_before = reverify(registry, "5304", "vulnerable_worker_aid", DAY - dt.timedelta(days=1), facts)
    assert list(on_birthday.reasons) == ["no_longer_vulnerable"] and list(day_before.reasons) == []
    finding = on_birthday.to_dict()["applies"][0]
    assert finding["citation"] == "Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf a"
    age_check = next(c for c in finding["checks"] if c["rule"] == "age")
    assert (age_check["passed"], age_check["facts"], age_check["citation"]) == (
        False, {"age": 66}, "Perbup TTS No. 20/2025 Pasal 18 ayat (2) huruf a")


def test_invalid_or_contradicting_identity_is_an_identity_error(registry):
    for bad in ({"nik": "5304013102800001"}, {"birth_date": "1980-06-16"}, {"sex": "M"}):
        result = reverify(registry, "5304", "vulnerable_worker_aid", DAY, {**TTS_RECIPIENT, **bad})
        assert "identity_error" in result.reasons
    with pytest.raises(InvalidFacts):  # other bad input is still refused
        reverify(registry, "5304", "vulnerable_worker_aid", DAY, {**TTS_RECIPIENT, "deceased": "no"})


def test_unknown_facts_leave_reasons_undetermined(registry):
    result = reverify(registry, "5304", "vulnerable_worker_aid", DAY, {"nik": TTS_RECIPIENT["nik"]})
    undetermined = {f["reason"]: f["missing_facts"] for f in result.to_dict()["undetermined"]}
    assert result.reasons == ()
    assert undetermined["deceased"] == ["deceased"] and undetermined["moved_out"] == ["domicile_regency_code"]
    assert undetermined["no_longer_vulnerable"] == ["vulnerable_worker"]


def test_berau_pasal_26_stops_payment_when_pasal_16_no_longer_holds(registry):
    recipient = {"nik": make_nik("6405", dt.date(1985, 7, 1)), "domicile_regency_code": "6405", "has_ktp": True,
                 "actively_working": True, "worker_type": "bpu", "occupation": "nelayan", "monthly_income": 3000000}
    day = dt.date(2025, 3, 1)
    assert reverify(registry, "6405", "vulnerable_worker_aid", day, recipient).reasons == ()
    richer = reverify(registry, "6405", "vulnerable_worker_aid", day,
                      {**recipient, "monthly_income": 6000000, "vulnerable_independent_worker": False})
    assert richer.reasons == ("no_longer_vulnerable",)
    assert richer.findings[0].citation == "Perbup Berau No. 44/2024 Pasal 26"
    employed = reverify(registry, "6405", "vulnerable_worker_aid", day, {**recipient, "worker_type": "pu"})
    assert employed.reasons == ("became_wage_earner",)


def test_sambas_palm_oil_adjustment_on_death(registry):
    result = reverify(registry, "6101", "palm_oil_worker_aid", DAY, {"deceased": True})
    assert result.reasons == ("deceased",)
    assert result.findings[0].citation == "Perbup Sambas No. 59/2025 Pasal 26 ayat (6)"
    with pytest.raises(NotConfigured):
        reverify(registry, "6309", "vulnerable_worker_aid", DAY, {})


def test_birth_year_only_decides_age_when_both_ends_of_the_year_agree(registry):
    """TTS bound age <= 65 on 2026-01-15: born 1959 is 66 all year (aged out); born 1960 is 65
    or 66 depending on the day (undetermined, birth_date missing); born 1970 is within bounds."""
    facts = {"domicile_regency_code": "5304"}
    aged_out = reverify_born_in(registry, "5304", "vulnerable_worker_aid", DAY, facts, 1959)
    assert aged_out.reasons == ("no_longer_vulnerable",)
    straddling = reverify_born_in(registry, "5304", "vulnerable_worker_aid", DAY, facts, 1960)
    undetermined = {f["reason"]: f["missing_facts"] for f in straddling.to_dict()["undetermined"]}
    assert straddling.reasons == () and "birth_date" in undetermined["no_longer_vulnerable"]
    within = reverify_born_in(registry, "5304", "vulnerable_worker_aid", DAY, facts, 1970)
    assert within.reasons == ()
    assert "birth_date" not in {m for f in within.findings for m in f.missing_facts}
