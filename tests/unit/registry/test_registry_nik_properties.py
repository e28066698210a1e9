"""Property-based tests of NIK parsing (docs/API.md §3) and masking."""
import calendar
import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import numdb

from shared.identifiers import InvalidNIK, mask_nik, parse_nik, regency_code_known


def _known_regency_codes() -> list[str]:
    codes = []
    for _, province, _, province_info, regencies in numdb.get("id/loc").prefixes:
        codes += [province + regency for _, regency, _, info, _ in regencies if province_info and info]
    return codes


KNOWN = _known_regency_codes()
TODAY = dt.date(2026, 3, 2)

regencies = st.sampled_from(KNOWN)
sexes = st.sampled_from(["M", "F"])
districts = st.integers(0, 99).map(lambda n: f"{n:02d}")
serials = st.integers(0, 9999).map(lambda n: f"{n:04d}")
births = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))
recent_births = st.dates(min_value=dt.date(TODAY.year - 99, 1, 1), max_value=TODAY)


def build(regency: str, district: str, birth: dt.date, sex: str, serial: str) -> str:
    day = birth.day + (40 if sex == "F" else 0)
    return f"{regency}{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial}"


def test_the_register_knows_the_five_regencies_and_hundreds_of_others():
    assert {"5304", "6405", "6101", "6309", "6207"} <= set(KNOWN) and len(KNOWN) > 400


@given(regencies, districts, births, sexes, serials)
def test_a_valid_nik_parses_back_to_its_parts_given_the_stated_birth_date(regency, district, birth, sex, serial):
    nik = build(regency, district, birth, sex, serial)
    parsed = parse_nik(nik, stated_birth_date=birth, today=TODAY)
    assert (parsed.nik, parsed.regency_code, parsed.birth_date, parsed.sex) == (nik, regency, birth, sex)


@given(regencies, districts, recent_births, sexes, serials)
def test_without_a_stated_date_the_century_is_the_latest_not_after_today(regency, district, birth, sex, serial):
    assume(birth > dt.date(TODAY.year - 100, TODAY.month, TODAY.day))
    parsed = parse_nik(build(regency, district, birth, sex, serial), today=TODAY)
    assert parsed.birth_date == birth and parsed.sex == sex


invalid_day_fields = st.sampled_from([0, *range(32, 41), *range(72, 100)])
valid_day_fields = st.one_of(st.integers(1, 31), st.integers(41, 71))


@given(regencies, districts, invalid_day_fields, st.integers(1, 12), st.integers(0, 99), serials)
def test_an_impossible_day_field_is_rejected(regency, district, day, month, yy, serial):
    with pytest.raises(InvalidNIK):
        parse_nik(f"{regency}{district}{day:02d}{month:02d}{yy:02d}{serial}", today=TODAY)


@given(regencies, districts, valid_day_fields, st.sampled_from([0, *range(13, 100)]), st.integers(0, 99), serials)
def test_an_impossible_month_is_rejected(regency, district, day, month, yy, serial):
    with pytest.raises(InvalidNIK):
        parse_nik(f"{regency}{district}{day:02d}{month:02d}{yy:02d}{serial}", today=TODAY)


@given(regencies, districts, st.integers(1, 12), st.integers(0, 99), sexes, serials)
def test_a_day_past_the_end_of_the_month_in_both_centuries_is_rejected(regency, district, month, yy, sex, serial):
    last = max(calendar.monthrange(1900 + yy, month)[1], calendar.monthrange(2000 + yy, month)[1])
    assume(last < 31)
    day = last + 1 + (40 if sex == "F" else 0)
    with pytest.raises(InvalidNIK):
        parse_nik(f"{regency}{district}{day:02d}{month:02d}{yy:02d}{serial}", today=TODAY)


unknown_codes = st.integers(0, 9999).map(lambda n: f"{n:04d}").filter(lambda c: c not in set(KNOWN))


@given(unknown_codes, districts, births, sexes, serials)
def test_an_unknown_province_or_regency_is_rejected(code, district, birth, sex, serial):
    assert not regency_code_known(code)
    with pytest.raises(InvalidNIK):
        parse_nik(build(code, district, birth, sex, serial), stated_birth_date=birth, today=TODAY)


@given(st.text(min_size=16, max_size=16).filter(lambda s: not (s.strip().isascii() and s.strip().isdigit()
                                                                and len(s.strip()) == 16)))
def test_sixteen_characters_that_are_not_sixteen_digits_are_rejected(value):
    with pytest.raises(InvalidNIK):
        parse_nik(value, today=TODAY)


@given(st.integers(0, 40).filter(lambda n: n != 16).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)))
def test_wrong_length_digit_strings_are_rejected(value):
    with pytest.raises(InvalidNIK):
        parse_nik(value, today=TODAY)


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_masking_never_reveals_digits_7_to_12(nik):
    masked = mask_nik(nik)
    assert masked[6:12] == "******"
    assert masked == nik[:6] + "******" + nik[12:]


@given(st.text(max_size=40).filter(lambda s: len(s) != 16))
def test_masking_anything_else_reveals_nothing(value):
    assert set(mask_nik(value)) == {"*"}


@settings(max_examples=50)
@given(regencies, districts, births, sexes, serials)
def test_the_shared_parser_agrees_on_valid_niks(regency, district, birth, sex, serial):
    nik = build(regency, district, birth, sex, serial)
    assert parse_nik(nik, stated_birth_date=birth) == parse_nik(nik, stated_birth_date=birth)


def test_shared_parser_rejects_an_unknown_regency_in_a_known_province():
    with pytest.raises(InvalidNIK):
        parse_nik("5399015708850001")


def test_shared_parser_rejects_a_day_field_above_71():
    with pytest.raises(InvalidNIK):
        parse_nik("5304018108850001")
