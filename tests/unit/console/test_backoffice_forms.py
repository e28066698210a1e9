"""The back office's pure form helpers: the NIK checked as typed (Peserta) and the eligibility form
built from a scheme's facts (Kelayakan)."""
from __future__ import annotations

from console.backoffice.kelayakan import applicant_of, fact_fields, fact_labels, plain
from console.backoffice.peserta import nik_problems

WOMAN_1985 = "5304015506850001"  # TTS, day 15 + 40, June 1985


def test_a_nik_that_agrees_with_the_form_has_no_problem():
    assert nik_problems({"nik": WOMAN_1985, "birth_date": "1985-06-15", "sex": "F"}, "5304") == {}


def test_sex_and_birth_date_against_the_nik_are_explained_next_to_their_fields():
    problems = nik_problems({"nik": WOMAN_1985, "birth_date": "1985-06-16", "sex": "M"}, "5304")
    assert problems["sex"] == "Jenis kelamin tidak sesuai dengan NIK (NIK: perempuan)."
    assert problems["birth_date"] == "Tanggal lahir tidak sesuai dengan NIK (NIK: 15-06-1985)."


def test_malformed_and_foreign_niks_are_refused_in_indonesian():
    assert nik_problems({"nik": "12345"}, "5304")["nik"] == "NIK harus 16 digit angka."
    assert "kode provinsi/kabupaten" in nik_problems({"nik": "9999015506850001"}, "5304")["nik"].lower()
    assert "bukan provinsi kabupaten ini" in nik_problems({"nik": "6405015506850001", "sex": "F"}, "5304")["nik"]


FACTS = [{"id": "vulnerable_worker", "label": "pekerja rentan", "kind": "bool"},
         {"id": "birth_date", "label": "tanggal lahir", "kind": "date"},
         {"id": "poverty_level", "label": "tingkat kemiskinan", "kind": "text", "values": ["extreme_poor", "poor"]},
         {"id": "monthly_income", "label": "penghasilan per bulan", "kind": "money"}]


def test_the_form_follows_the_scheme_facts_and_their_kinds():
    fields = fact_fields({"facts": ["vulnerable_worker", "birth_date", "poverty_level", "monthly_income"]}, FACTS)
    assert [f["id"] for f in fields] == ["vulnerable_worker", "birth_date", "poverty_level", "monthly_income"]
    assert fields[0]["options"] == {"true": "Ya", "false": "Tidak"} and fields[0]["label"] == "Pekerja rentan"
    assert fields[1]["type"] == "date" and fields[2]["options"]["extreme_poor"] == "Miskin ekstrem"
    typed = applicant_of(fields, {"vulnerable_worker": "false", "birth_date": "1985-06-15", "poverty_level": "",
                                  "monthly_income": "1.500.000"})
    assert typed == {"vulnerable_worker": False, "birth_date": "1985-06-15", "monthly_income": 1500000}


def test_checks_read_in_words():
    assert fact_labels(FACTS)["age"] == "usia" and fact_labels(FACTS)["vulnerable_worker"] == "pekerja rentan"
    assert [plain(v) for v in (True, False, None, "poor", 41)] == ["ya", "tidak", "belum ada", "Miskin", "41"]


def test_every_reconciliation_finding_is_explained_for_the_treasurer():
    from console.backoffice.bantuan import explain
    from contribution_aid.domain.reconciliation import KINDS
    assert all(explain(kind, "") != kind for kind in KINDS)
    assert "tidak terdaftar" in explain("unknown_person", "not_in_registry")
    assert "Baris ganda" in explain("amount_mismatch", "duplicate_line")


def test_ranking_inputs_follow_the_criteria_and_are_read_per_candidate():
    from console.backoffice.bantuan_ranking import candidates_of, ranking_fields
    criteria = [{"fact": "poverty_level"}, {"fact": "age"}, {"fact": "poverty_level"}]
    fields = ranking_fields(criteria, FACTS)
    assert [f["id"] for f in fields] == ["poverty_level", "birth_date"]  # age is read from the birth date
    form = {"a.poverty_level": "poor", "a.birth_date": "", "b.poverty_level": "", "b.birth_date": "1960-01-02",
            "csrf": "x"}
    assert candidates_of(fields, form, ["a", "b"]) == [{"id": "a", "facts": {"poverty_level": "poor"}},
                                                       {"id": "b", "facts": {"birth_date": "1960-01-02"}}]
