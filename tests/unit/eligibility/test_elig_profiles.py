"""Regency profiles: regulations and their dates, the named interpretations of text defects, validation of
broken profiles, and that a sixth regency or a changed interpretation needs data, not code."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from elig_helpers import make_nik

from eligibility.rules import NoRegulationInForce, ProfileError, ProfileRegistry, UnknownRegency, evaluate
from shared.regulation import PROFILES_DIR, profiles

README_TABLE = {  # ../shared/regulations/README.md
    "5304": ("Perbup TTS No. 20/2025", dt.date(2025, 10, 29), "Nusa Tenggara Timur"),
    "6405": ("Perbup Berau No. 44/2024", dt.date(2024, 9, 20), "Kalimantan Timur"),
    "6101": ("Perbup Sambas No. 59/2025", dt.date(2025, 11, 21), "Kalimantan Barat"),
    "6309": ("Perbup Tabalong No. 5/2025", dt.date(2025, 1, 20), "Kalimantan Selatan"),
    "6207": ("Perbup Lamandau No. 25/2024", dt.date(2024, 7, 30), "Kalimantan Tengah"),
}
CONTRACT_SCHEMES = {
    "5304": {"vulnerable_worker_aid"},
    "6405": {"vulnerable_worker_aid"},
    "6101": {"vulnerable_worker_aid", "religious_worker_aid", "palm_oil_worker_aid"},
    "6309": {"vulnerable_worker_aid", "bpu_registration"},
    "6207": {"bpu_registration", "aid_recipient_verification"},
}


@pytest.fixture
def profiles_copy(tmp_path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_regulations_match_the_regulations_table(registry):
    assert registry.codes == tuple(sorted(README_TABLE))
    for code, (title, enacted, province) in README_TABLE.items():
        profile = registry.get(code)
        (regulation,) = profile.regulations
        assert (regulation.title, regulation.enacted, regulation.in_force_from) == (title, enacted, enacted)
        assert regulation.in_force_until is None and profile.province == province
        assert regulation.id.startswith("perbup-") and regulation.id.endswith(str(enacted.year))


def test_regulation_in_force_from_the_enactment_date(registry):
    for code, (title, enacted, _) in README_TABLE.items():
        assert registry.regulation_on(code, enacted).title == title
        with pytest.raises(NoRegulationInForce) as raised:
            registry.regulation_on(code, enacted - dt.timedelta(days=1))
        assert raised.value.slug == "no-regulation-in-force" and raised.value.status == 422
    with pytest.raises(UnknownRegency) as raised:
        registry.get("3171")
    assert raised.value.status == 404


def test_schemes_are_exactly_those_of_contract_section_5(registry):
    for code, schemes in CONTRACT_SCHEMES.items():
        assert set(registry.get(code).schemes) == schemes


@pytest.mark.parametrize("code,name,choice", [
    ("5304", "pasal_2_aims_numbering", None),
    ("5304", "pasal_26_supervision_reference", "Pasal 12"),
    ("6405", "pasal_7_self_reference", "ayat (1)"),
    ("6405", "pasal_26_requirements_reference", "Pasal 16"),
    ("6405", "pasal_16_dan_atau", None),
    ("6309", "pasal_13_participants_reference", "Pasal 12"),
    ("6309", "pasal_5_1_lettering", None),
    ("6207", "pasal_20_paragraph_numbering", None),
    ("6207", "pasal_29_5_team_reference", "ayat (4)"),
])
def test_digest_12_text_defects_are_named_notes(code, name, choice):
    """Text defects no decision depends on are `notes` (documented readings, not switches)."""
    note = profiles().regency(code).identity.notes[name]
    assert note.note and note.citation
    if choice is not None:
        assert note.reading == choice


def test_every_interpretation_has_a_note_and_citation(registry):
    for code in registry.codes:
        for interpretation in registry.get(code).interpretations.values():
            assert interpretation.note.strip() and interpretation.citation, (code, interpretation.name)


def test_profile_version_changes_with_the_files(profiles_copy):
    before = ProfileRegistry.load(profiles_copy).get("6101").version
    wages = profiles_copy / "national" / "wages.yaml"
    wages.write_text(wages.read_text() + "\n# touched\n")
    after = ProfileRegistry.load(profiles_copy).get("6101").version
    assert len(before) == 12 and before != after


def test_a_sixth_regency_is_only_profile_files(profiles_copy):
    folder = profiles_copy / "6201-kotawaringin-barat"
    shutil.copytree(profiles_copy / "6101-sambas", folder)
    (folder / "reporting.yaml").unlink()

    def rename(data):
        data.update(code="6201", name="Kotawaringin Barat", province="Kalimantan Tengah")
        data["regulation"].update(id="perbup-kobar-1-2026", title="Perbup Kotawaringin Barat No. 1/2026",
                                  enacted="2026-02-02", **{"from": "2026-02-02"})
    _edit(folder / "regency.yaml", rename)
    _edit(folder / "programs.yaml", lambda d: [r.update({"from": "2026-02-02"})
                                               for rules in d["required_programs"].values() for r in rules]
          and d["programs_run"][0].update({"from": "2026-02-02"}))
    registry = ProfileRegistry.load(profiles_copy)
    applicant = {"nik": make_nik("6201", dt.date(1980, 6, 15), "F"), "domicile_regency_code": "6201",
                 "has_ktp": True, "palm_oil_worker": True, "already_protected": False}
    result = evaluate(registry, "6201", "palm_oil_worker_aid", dt.date(2026, 3, 1), applicant)
    assert result.outcome == "eligible"
    assert result.checks[0].citation == "Perbup Kotawaringin Barat No. 1/2026 Pasal 26 ayat (1) huruf a"
    with pytest.raises(NoRegulationInForce):
        evaluate(registry, "6201", "palm_oil_worker_aid", dt.date(2026, 2, 1), applicant)


def test_a_superseded_regulation_decides_earlier_dates(profiles_copy):
    folder = profiles_copy / "5304-timor-tengah-selatan"

    def add_old(data):
        data["superseded_regulations"] = [{
            "id": "perbup-tts-1-2020", "title": "Perbup TTS No. 1/2020", "enacted": "2020-01-02",
            "from": "2020-01-02", "until": "2025-10-29"}]
    _edit(folder / "regency.yaml", add_old)

    def old_scheme(data):
        old = yaml.safe_load(yaml.safe_dump(data["schemes"]["vulnerable_worker_aid"]))
        old.update(id="vulnerable_worker_aid", regulation="perbup-tts-1-2020")
        old.pop("reverification"), old.pop("ranking")
        old["conditions"][1]["bounds"]["max"] = 60
        data["schemes"]["vulnerable_worker_aid_2020"] = old
    _edit(folder / "eligibility.yaml", old_scheme)
    _edit(folder / "programs.yaml", lambda d: d["programs_run"][0].update({"from": "2020-01-02"}))
    registry = ProfileRegistry.load(profiles_copy)
    applicant = {"birth_date": "1962-01-01", "domicile_regency_code": "5304", "already_protected": False,
                 "actively_working": True, "occupation": "pelaku seni"}
    old = evaluate(registry, "5304", "vulnerable_worker_aid", dt.date(2025, 10, 28), applicant)
    new = evaluate(registry, "5304", "vulnerable_worker_aid", dt.date(2025, 10, 29), applicant)
    assert (old.regulation.title, old.outcome) == ("Perbup TTS No. 1/2020", "ineligible")
    assert (new.regulation.title, new.outcome) == ("Perbup TTS No. 20/2025", "eligible")
    assert old.checks[1].citation == "Perbup TTS No. 1/2020 Pasal 18 ayat (2) huruf a"


def test_invalid_profiles_are_refused_with_every_problem(profiles_copy):
    def break_it(data):
        conditions = data["schemes"]["palm_oil_worker_aid"]["conditions"]
        conditions[2]["kind"] = "fact_truthy"                   # ktp
        conditions[3].pop("citation")                           # domicile
        conditions[4]["bounds"] = {"min": 18, "max": 58}        # age, inclusiveness not stated
        conditions[5]["fact"] = "registered_somewhere"          # not_yet_registered
        conditions.append({"name": "x", "kind": "fact_true", "fact": "healthy", "citation": "Pasal 1",
                           "applies_if": {"interpretation": "no_such_choice", "equals": 1}})
    _edit(profiles_copy / "6101-sambas" / "eligibility.yaml", break_it)
    with pytest.raises(ProfileError) as raised:
        ProfileRegistry.load(profiles_copy)
    text = str(raised.value)
    for expected in ("fact_truthy", "citation is required", "min_inclusive", "registered_somewhere", "applies_if"):
        assert expected in text
    assert len(raised.value.problems) >= 5


@pytest.mark.parametrize("folder,part,name,choice,scheme,as_of,applicant,outcome", [
    # TTS Pasal 18(3) read as not a condition: a non-working applicant becomes eligible
    ("5304-timor-tengah-selatan", "eligibility", "active_work_condition", "not_required", "vulnerable_worker_aid",
     "2026-01-15", {"birth_date": "1980-01-01", "domicile_regency_code": "5304", "already_protected": False,
                    "occupation": "pelaku seni"}, "eligible"),
    # Sambas Pasal 25(2) read as extending eligibility to Pasal 11 workers
    ("6101-sambas", "regency", "pasal_25_2_dbh_sawit_for_pasal_11", "extends_eligibility", "palm_oil_worker_aid",
     "2026-01-15", {"birth_date": "1980-01-01", "domicile_regency_code": "6101", "has_ktp": True,
                    "palm_oil_worker": False, "occupation": "nelayan", "already_protected": False}, "eligible"),
    # Sambas Pasal 24(2) "antara lain" read as an open list
    ("6101-sambas", "eligibility", "religious_roles_list", "pass", "religious_worker_aid", "2026-01-15",
     {"birth_date": "1980-01-01", "domicile_regency_code": "6101", "already_protected": False, "actively_working": True,
      "religious_org_proposal": True, "village_acknowledged": True, "religion": "islam", "religious_role": "ustadz"},
     "eligible"),
    # Tabalong: domicile made a condition
    ("6309-tabalong", "regency", "aid_domicile_condition", "required", "vulnerable_worker_aid", "2025-06-01",
     {"birth_date": "1980-01-01", "has_ktp": True, "occupation": "petani", "domicile_regency_code": "6301"},
     "ineligible"),
    # Lamandau: the data source made a condition
    ("6207-lamandau", "eligibility", "data_source_condition", "required", "aid_recipient_verification", "2025-06-01",
     {"birth_date": "1980-01-01", "has_e_ktp": True, "worker_type": "bpu", "healthy": True,
      "seriously_ill_or_in_er": False, "deceased": False}, "needs_information"),
])
def test_interpretation_choices_change_decisions_without_code(registry, profiles_copy, folder, part, name, choice,
                                                              scheme, as_of, applicant, outcome):
    code, day = folder[:4], dt.date.fromisoformat(as_of)
    assert evaluate(registry, code, scheme, day, applicant).outcome != outcome
    _edit(profiles_copy / folder / f"{part}.yaml", lambda d: d["interpretations"][name].update(choice=choice))
    assert evaluate(ProfileRegistry.load(profiles_copy), code, scheme, day, applicant).outcome == outcome
