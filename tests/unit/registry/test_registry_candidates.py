import datetime as dt
import io
import json

import pytest

from registry.domain.candidates import Candidate, parse_candidates
from registry.domain.common import RowError
from tests.unit.registry.registry_unit_helpers import make_nik, registry_profile

TODAY = dt.date(2026, 3, 2)
BORN = dt.date(1980, 5, 1)
NIK = make_nik(BORN, "F", regency="6207")
OTHER = make_nik(dt.date(1975, 12, 31), "M", regency="6207")
HEADER = (
    "nik,full_name,birth_date,sex,address,village_code,data_source,monthly_income,disability,dependants,poverty_rank\n"
)


def parse(text: str, code: str = "6207", fmt=None):
    return list(parse_candidates(io.BytesIO(text.encode()), fmt, registry=registry_profile(code), today=TODAY))


def test_a_complete_row_becomes_a_candidate():
    [(number, candidate)] = parse(HEADER + f'{NIK},Siti Aminah,1980-05-01,P,"Jl. Sutan Syahrir 3, Nanga Bulik",'
                                           f"62.07.01.2001,DTKS,1.250.000,ya,3,2\n")
    assert number == 1 and candidate == Candidate(
        1,
        NIK,
        "Siti Aminah",
        BORN,
        "F",
        "dtks",
        "Jl. Sutan Syahrir 3, Nanga Bulik",
        "6207012001",
        1_250_000,
        True,
        3,
        2,
    )


def test_only_nik_name_and_source_are_required_and_birth_facts_come_from_the_nik():
    [(_, candidate)] = parse("nik,full_name,data_source\n" + f"{OTHER},Budi,p3ke\n")
    assert (candidate.birth_date, candidate.sex, candidate.monthly_income, candidate.disability) == \
        (dt.date(1975, 12, 31), "M", None, None)


@pytest.mark.parametrize("row,field", [
    (f"{NIK},Siti,1980-05-02,F,,,dtks,,,,", "birth_date"),
    (f"{NIK},Siti,1980-05-01,M,,,dtks,,,,", "sex"),
    (f"{NIK},Siti,1980-05-01,X,,,dtks,,,,", "sex"),
    (f"{NIK},Siti,05/01/1980,F,,,dtks,,,,", "birth_date"),
    (f"{NIK[:-1]},Siti,,,,,dtks,,,,", "nik"),
    (f"{NIK}, ,,,,,dtks,,,,", "full_name"),
    (f"{NIK},Siti,,,,,bansos,,,,", "data_source"),
    (f"{NIK},Siti,,,,620701200,dtks,,,,", "village_code"),
    (f"{NIK},Siti,,,,,dtks,1.5 juta,,,", "monthly_income"),
    (f"{NIK},Siti,,,,,dtks,1250000.50,,,", "monthly_income"),
    (f"{NIK},Siti,,,,,dtks,,mungkin,,", "disability"),
    (f"{NIK},Siti,,,,,dtks,,,-1,", "dependants"),
    (f"{NIK},Siti,,,,,dtks,,,,0", "poverty_rank"),
])
def test_row_errors(row, field):
    [(_, result)] = parse(HEADER + row + "\n")
    assert isinstance(result, RowError) and result.field == field and NIK not in result.message


def test_a_second_occurrence_of_a_nik_names_the_first_row():
    out = parse("nik,full_name,data_source\n" + f"{NIK},Siti,dtks\n{OTHER},Budi,dtks\n{NIK},Siti A.,regsosek\n")
    assert isinstance(out[0][1], Candidate) and isinstance(out[1][1], Candidate)
    duplicate = out[2][1]
    assert isinstance(duplicate, RowError) and duplicate.field == "nik" and "baris 1" in duplicate.message
    assert "row 1" in duplicate.message


def test_a_rejected_row_does_not_block_a_later_good_one():
    out = parse("nik,full_name,data_source\n" + f"{NIK},Siti,unknown\n{NIK},Siti,dtks\n")
    assert isinstance(out[0][1], RowError) and isinstance(out[1][1], Candidate)


def test_data_sources_are_the_regencys():
    row = "nik,full_name,data_source\n" + f"{NIK},Siti,other\n"
    assert isinstance(parse(row, "6405")[0][1], Candidate)
    assert str(registry_profile("6207").data_source("p3ke").citation) == "Perbup Lamandau No. 25/2024 Pasal 23 huruf b"


def test_missing_required_column_is_fatal():
    [(number, problem)] = parse("nik,full_name\n" + f"{NIK},Siti\n")
    assert number == 0 and problem.fatal and problem.field == "data_source"


def test_json_candidates_work_too():
    records = [{"nik": NIK, "full_name": "Siti", "data_source": "DTKS", "disability": False, "dependants": 2}]
    [(_, candidate)] = parse(json.dumps(records), fmt="json")
    assert candidate.disability is False and candidate.dependants == 2
