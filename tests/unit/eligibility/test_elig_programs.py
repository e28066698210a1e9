"""Required programmes (docs/API.md §6; programmes run, e.g. Lamandau Pasal 4(1); by kind of worker,
e.g. Berau Pasal 7-8 and 12(1))."""
from __future__ import annotations

import datetime as dt

import pytest

from eligibility.rules import NoRegulationInForce, UnknownRegency, required_programs

DAY = dt.date(2026, 1, 15)
ALL_IN_FORCE = {"5304": DAY, "6405": DAY, "6101": DAY, "6309": DAY, "6207": DAY}


def ask(registry, code, **request):
    return required_programs(registry, code, request.pop("as_of", DAY), **request)


@pytest.mark.parametrize("scale,mandatory,optional,letter", [
    ("large", ["JKK", "JKM", "JHT", "JP"], ["JKP"], "a"),
    ("medium", ["JKK", "JKM", "JHT", "JP"], ["JKP"], "a"),
    ("small", ["JKK", "JKM", "JHT"], ["JP", "JKP"], "b"),
    ("micro", ["JKK", "JKM"], ["JHT", "JP", "JKP"], "c"),
])
def test_berau_business_scale_table(registry, scale, mandatory, optional, letter):
    answer = ask(registry, "6405", worker_type="pu", employer_kind="non_state", business_scale=scale, sector="general")
    assert (answer["mandatory"], answer["optional"]) == (mandatory, optional)
    assert answer["citations"] == [
        f"Perbup Berau No. 44/2024 Pasal 8 ayat (2) huruf {letter}",
        "Perbup Berau No. 44/2024 Pasal 8 ayat (1)",
        "Perbup Berau No. 44/2024 Pasal 4 ayat (1)",
    ]


@pytest.mark.parametrize("code,title", [("5304", "Perbup TTS No. 20/2025"), ("6101", "Perbup Sambas No. 59/2025"),
                                        ("6309", "Perbup Tabalong No. 5/2025")])
def test_other_regencies_use_the_national_scale_rule(registry, code, title):
    answer = ask(registry, code, worker_type="pu", employer_kind="non_state", business_scale="small", sector="general")
    assert (answer["mandatory"], answer["optional"]) == (["JKK", "JKM", "JHT"], ["JP", "JKP"])
    assert answer["citations"][0] == "Perpres 109/2013 Pasal 6 ayat (3) huruf b"
    assert answer["citations"][-1].startswith(title)


def test_lamandau_never_lists_jkp(registry):
    for scale in ("large", "medium", "small", "micro"):
        answer = ask(registry, "6207", worker_type="pu", employer_kind="non_state", business_scale=scale)
        assert "JKP" not in answer["mandatory"] + answer["optional"]
        assert answer["not_run"] == ["JKP"]
        assert "Perbup Lamandau No. 25/2024 Pasal 4 ayat (1)" in answer["citations"]
    large = ask(registry, "6207", worker_type="pu", employer_kind="non_state", business_scale="large")
    assert (large["mandatory"], large["optional"]) == (["JKK", "JKM", "JHT", "JP"], [])


def test_state_employers(registry):
    berau = ask(registry, "6405", worker_type="pu", employer_kind="state")
    assert (berau["mandatory"], berau["optional"]) == (["JKK", "JKM"], ["JP"])
    assert berau["citations"][:2] == [
        "Perbup Berau No. 44/2024 Pasal 7 ayat (2)",
        "Perbup Berau No. 44/2024 Pasal 7 ayat (3)",
    ]
    assert ask(registry, "5304", worker_type="pu", employer_kind="state")["mandatory"] == ["JKK", "JKM", "JHT", "JP"]
    assert ask(registry, "6101", worker_type="pu", employer_kind="state")["mandatory"] == [
        "JKK",
        "JKM",
        "JHT",
        "JP",
        "JKP",
    ]
    lamandau = ask(registry, "6207", worker_type="pu", employer_kind="state")
    assert (lamandau["mandatory"], lamandau["citations"][0]) == (["JKK", "JKM"], "Perpres 109/2013")


@pytest.mark.parametrize("code,mandatory,citation", [
    ("6101", ["JKK", "JKM", "JHT"], "Perbup Sambas No. 59/2025 Pasal 19 ayat (2)"),
    ("5304", ["JKK", "JKM"], "Perbup TTS No. 20/2025 Pasal 15 ayat (2)"),
    ("6207", ["JKK", "JKM"], "Perbup Lamandau No. 25/2024 Pasal 6 ayat (6) huruf a"),
    ("6309", ["JKK", "JKM"], "Perpres 109/2013 Pasal 6 ayat (4)"),
    ("6405", ["JKK", "JKM"], "Perpres 109/2013 Pasal 6 ayat (4)"),
])
def test_construction_overrides_business_scale(registry, code, mandatory, citation):
    answer = ask(
        registry, code, worker_type="pu", employer_kind="non_state", business_scale="large", sector="construction"
    )
    assert (answer["situation"], answer["mandatory"], answer["citations"][0]) == ("construction", mandatory, citation)


@pytest.mark.parametrize("code,citation", [
    ("5304", "Perbup TTS No. 20/2025 Pasal 13 ayat (1)"), ("6405", "Perbup Berau No. 44/2024 Pasal 12 ayat (1)"),
    ("6101", "Perbup Sambas No. 59/2025 Pasal 17 ayat (1)"), ("6309", "Perbup Tabalong No. 5/2025 Pasal 24 ayat (2)"),
    ("6207", "Perbup Lamandau No. 25/2024 Pasal 16 ayat (4)"),
])
def test_non_wage_workers(registry, code, citation):
    answer = ask(registry, code, worker_type="bpu", sector="general")
    assert (answer["mandatory"], answer["optional"], answer["citations"][0]) == (["JKK", "JKM"], ["JHT"], citation)


def test_migrant_workers(registry):
    tts = ask(registry, "5304", worker_type="pu", migrant=True, sector="construction")
    assert (tts["situation"], tts["mandatory"], tts["citations"][0]) == (
        "migrant", ["JKK", "JKM"], "Perbup TTS No. 20/2025 Pasal 17 ayat (2)")
    berau = ask(registry, "6405", worker_type="pu", migrant=True)
    assert (berau["mandatory"], berau["citations"][0]) == (["JKK", "JKM"], "Permenaker 4/2023 Pasal 18")


def test_contract_shape_and_unmatched_requests(registry):
    answer = ask(registry, "6101", worker_type="pu", employer_kind="non_state")  # no business scale
    assert {"mandatory", "optional", "citations"} <= set(answer)
    assert (answer["mandatory"], answer["optional"], answer["situation"]) == ([], [], None)


def test_dates_and_regencies(registry):
    with pytest.raises(NoRegulationInForce):
        ask(registry, "6101", worker_type="bpu", as_of=dt.date(2025, 11, 20))
    assert ask(registry, "6101", worker_type="bpu", as_of=dt.date(2025, 11, 21))["mandatory"] == ["JKK", "JKM"]
    with pytest.raises(UnknownRegency):
        ask(registry, "0000", worker_type="bpu")
