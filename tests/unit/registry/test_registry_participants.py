import datetime as dt
from dataclasses import replace

import pytest

from registry.domain.participants import (
    RegistrationRequest,
    check_registration,
    recipient_list_missing_fields,
    validate_registration,
)
from tests.unit.registry.registry_unit_helpers import make_nik, participants_profile, registry_profile

TTS_NIK = "5302"  # Timor Tengah Selatan's Kemendagri code, the first digits of its NIKs

AS_OF = dt.date(2026, 3, 2)
BORN = dt.date(1985, 8, 17)


def request(**changes) -> RegistrationRequest:
    base = RegistrationRequest(
        regency_code="5304", nik=make_nik(BORN, "F", regency=TTS_NIK), full_name="Maria Tefa", birth_place="SoE",
        birth_date=BORN, sex="F", mother_maiden_name="Yohana", address="Jl. Suharto No. 1, SoE",
        worker_type="bpu", category="vulnerable_worker", occupation="volunteer",
        village_code="5302022001", latitude=-9.86, longitude=124.28,
    )
    return replace(base, **changes)


def check(req: RegistrationRequest, code: str = "5304", **kwargs):
    return check_registration(req, participants_profile(code), registry_profile(code), as_of=AS_OF, **kwargs)


def fields(req: RegistrationRequest, code: str = "5304", **kwargs) -> list[str]:
    return [e.field for e in validate_registration(req, participants_profile(code), registry_profile(code),
                                                   as_of=AS_OF, **kwargs)]


def test_valid_registration_has_no_errors_and_explains_itself():
    result = check(request())
    assert result.errors == [] and result.notices == []
    assert result.nik.birth_date == BORN and result.nik.sex == "F"
    assert result.vulnerable and result.village_kind.id == "desa"
    assert [str(c) for c in result.citations] == ["Perbup TTS No. 20/2025 Pasal 6 ayat (1) huruf d",
                                                  "Perbup TTS No. 20/2025 Pasal 9 ayat (1) huruf b"]


@pytest.mark.parametrize("nik", ["530401570885000", "53040157088500011", "5304O15708850001", "5304013208850001",
                                 "9904015708850001", "5399015708850001", ""])
def test_an_invalid_nik_is_a_field_error_on_nik(nik):
    assert fields(request(nik=nik)) == ["nik"]


def test_birth_date_and_sex_must_match_the_nik():
    assert fields(request(birth_date=dt.date(1985, 8, 18))) == ["birth_date"]
    assert fields(request(sex="M")) == ["sex"]


def test_a_nik_issued_in_the_regency_starts_with_its_kemendagri_code_not_the_bps_one():
    """Dukcapil's NIK begins with the Kemendagri code: TTS is 53.02 there, 5304 for BPS (53.04 is Belu)."""
    assert check(request()).notices == []
    belu = check(request(nik=make_nik(BORN, "F", regency="5304")))
    assert belu.errors == [] and [n.field for n in belu.notices] == ["nik"]


def test_a_nik_issued_elsewhere_is_only_a_notice():
    result = check(request(nik=make_nik(BORN, "F", regency="3171")))
    assert result.errors == [] and [n.field for n in result.notices] == ["nik"]
    assert "3171" not in result.notices[0].message


def test_messages_never_repeat_the_nik():
    req = request(nik=make_nik(BORN, "F", regency="5399"))
    assert all(req.nik not in e.message for e in check(req).errors)


def test_category_must_be_the_regencys():
    assert fields(request(category="religious_social_worker", occupation=None)) == ["category"]  # a Sambas category
    assert fields(request(category="religious_social_worker", occupation="islam_religious_worker",
                          regency_code="6101", nik=make_nik(BORN, "F", regency="6101")), code="6101") == []


def test_worker_type_must_fit_the_category_and_the_occupation():
    assert fields(request(worker_type="pu")) == ["worker_type"]
    placed = request(worker_type="bpu", category="migrant_worker", occupation="placed_migrant_worker")
    assert fields(placed) == ["worker_type"]
    assert fields(replace(placed, worker_type="pu")) == []


def test_an_occupation_from_another_category_names_the_right_one():
    errors = validate_registration(request(occupation="employer"), participants_profile("5304"),
                                   registry_profile("5304"), as_of=AS_OF)
    assert [e.field for e in errors] == ["occupation"] and "non_wage_earner" in errors[0].message


def test_unknown_occupation_is_rejected():
    assert fields(request(occupation="astronaut")) == ["occupation"]


def test_berau_facilitated_worker_accepts_both_worker_types():
    req = request(regency_code="6405", nik=make_nik(BORN, "F", regency="6403"), category="facilitated_worker",
                  occupation="facilitated_linmas_member", worker_type="pu", village_code="6403012001")
    assert fields(req, "6405") == []
    assert check(req, "6405").village_kind.id == "kampung"
    assert fields(replace(req, occupation="palm_oil_worker_outside_company"), "6405") == ["worker_type"]


def test_employer_kind_must_fit_the_occupation():
    req = request(regency_code="6309", nik=make_nik(BORN, "F", regency="6309"), worker_type="pu",
                  category="village_government_worker", occupation="village_head", village_code=None)
    assert fields(req, "6309", employer_kind="state") == []
    assert fields(req, "6309", employer_kind="non_state") == ["employer_id"]


@pytest.mark.parametrize("code,expected", [("53.02.02.2001", []), ("5302022001", []), ("530202200", ["village_code"]),
                                            ("53020220x1", ["village_code"]), ("5302023001", ["village_code"])])
def test_village_code_format(code, expected):
    assert fields(request(village_code=code)) == expected


def test_kelurahan_code_and_village_outside_the_regency():
    assert check(request(village_code="5302011001")).village_kind.id == "kelurahan"
    result = check(request(village_code="5303012001"))
    assert result.errors == [] and [n.field for n in result.notices] == ["village_code"]
    assert "di luar kabupaten" in result.notices[0].message


def berau(village_code: str) -> RegistrationRequest:
    return request(regency_code="6405", nik=make_nik(BORN, "F", regency="6403"), category="facilitated_worker",
                   occupation="facilitated_linmas_member", worker_type="pu", village_code=village_code)


def test_a_real_berau_village_is_checked_against_the_kemendagri_code_not_the_bps_code():
    """Berau is 6405 for BPS (the system's regency code) but 64.03 for Kemendagri (village codes)."""
    merabu = check(berau("6403012001"), "6405")
    assert merabu.errors == [] and merabu.notices == [] and merabu.village_kind.id == "kampung"
    bps_prefixed = check(berau("6405012001"), "6405")
    assert bps_prefixed.errors == [] and [n.message for n in bps_prefixed.notices] == [
        "desa/kelurahan di luar kabupaten ini / village outside this regency"]


def test_a_well_formed_code_missing_from_the_kemendagri_list_is_a_notice_not_an_error():
    unknown = check(berau("6403012999"), "6405")
    assert unknown.errors == [] and [n.field for n in unknown.notices] == ["village_code"]
    assert unknown.notices[0].message == ("kode desa/kelurahan tidak dikenal di Kepmendagri 300.2.2-2138/2025 / "
                                          "unknown village code")
    assert check(request(village_code="5302011001")).notices == []  # Kelurahan SoE, TTS (5302, BPS 5304)


@pytest.mark.parametrize("lat,lon,expected", [
    (None, None, []), (-9.86, None, ["longitude"]), (None, 124.0, ["latitude"]),
    (-12.0, 124.0, ["latitude"]), (-9.8, 150.0, ["longitude"]), (40.7, -74.0, ["latitude", "longitude"]),
    (float("nan"), 124.0, ["latitude"]), (6.3, 94.7, []),
])
def test_coordinates_must_be_a_pair_inside_indonesia(lat, lon, expected):
    assert fields(request(latitude=lat, longitude=lon)) == expected


def test_required_text_and_future_birth_date():
    assert fields(request(full_name="  ", mother_maiden_name="")) == ["full_name", "mother_maiden_name"]
    future = dt.date(2026, 3, 3)
    assert "birth_date" in fields(request(birth_date=future, nik=make_nik(future, "F", regency=TTS_NIK)))


def test_registration_for_another_regency_profile_is_refused():
    assert fields(request(regency_code="6101")) == ["regency_code"]


def test_lamandau_recipient_list_needs_pasal_27_1_fields():
    record = {"full_name": "A", "nik": "x", "address": "Jl.", "latitude": None, "longitude": -1.0,
              "birth_place": "Nanga Bulik", "birth_date": "1990-01-01", "mother_maiden_name": " "}
    missing = recipient_list_missing_fields(record, registry_profile("6207"))
    assert [(f, str(c)) for f, c in missing] == [
        ("latitude", "Perbup Lamandau No. 25/2024 Pasal 27 ayat (1) huruf c"),
        ("mother_maiden_name", "Perbup Lamandau No. 25/2024 Pasal 27 ayat (1) huruf f"),
    ]
    assert recipient_list_missing_fields({}, registry_profile("5304")) == []
