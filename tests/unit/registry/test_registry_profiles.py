"""The participants.yaml and registry.yaml parts of the five regency profiles."""
import datetime as dt
import re

import pytest
import yaml

from registry.domain.participants_profile import ProfileError, participants_profile_from
from registry.domain.registry_profile import registry_profile_from
from shared.regulation import PROFILES_DIR, Citation, regency_dirs
from tests.unit.law.regulation_texts import text_of
from tests.unit.registry.registry_unit_helpers import REGENCIES, participants_profile, registry_profile

NATIONAL = ("Permenaker ", "UU ", "SKB ")  # citations allowed to name another regulation
CONTRACT_REASONS = {"no_longer_vulnerable", "became_wage_earner", "deceased", "moved_out", "not_found",
                    "identity_error", "voluntary_withdrawal"}
# Labels written from a clause rather than copied from one list item (see the YAML notes).
DERIVED_LABELS = {"Pekerja borongan", "Pekerja musiman", "pekerja borongan", "pekerja musiman",
                  "Pekerja yang bergerak dibidang usaha jasa konstruksi", "Pekerja Perjanjian Waktu Tertentu",
                  "pekerja yang bergerak dibidang usaha jasa konstruksi",
                  "Pemilik yang memiliki komoditi tanaman kelapa sawit",
                  "Pekerja yang bekerja pada komoditi tanaman kelapa sawit",
                  "Pekerja penerima Fasilitasi Kepesertaan selain Pekerja Rentan", "Pekerja Rentan",
                  "Peserta bukan penerima Upah", "Peserta penerima Upah"}


def _citations(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "citation" and isinstance(value, str):
                yield value
            elif key == "also":
                yield from value
            else:
                yield from _citations(value)
    elif isinstance(node, list):
        for item in node:
            yield from _citations(item)


@pytest.mark.parametrize("code", REGENCIES)
@pytest.mark.parametrize("part", ["participants", "registry"])
def test_every_citation_points_at_an_article_or_a_national_rule(code, part):
    data = yaml.safe_load((regency_dirs()[code] / f"{part}.yaml").read_text())
    title = yaml.safe_load((regency_dirs()[code] / "regency.yaml").read_text())["regulation"]["title"]
    texts = list(_citations(data))
    assert texts
    for text in texts:
        citation = Citation.parse(text, regulation=title)
        assert citation.pasal or text.startswith(NATIONAL), text
        if not text.startswith(NATIONAL):
            assert citation.regulation == title, text


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).lower()


@pytest.mark.parametrize("code", REGENCIES)
def test_labels_are_the_regulation_words(code):
    text = _normalised(text_of(code))
    profile = participants_profile(code)
    labels = [c.label for c in profile.categories] + [o.label for _, o in profile.occupations()]
    for label in labels:
        if label not in DERIVED_LABELS:
            assert _normalised(label) in text, label


# That every cited article exists in the text, for every part of every profile:
# tests/unit/law/test_cited_articles.py.


@pytest.mark.parametrize("code", REGENCIES)
def test_profiles_load_with_unique_ids_and_both_worker_types(code):
    profile = participants_profile(code)
    ids = [o.id for _, o in profile.occupations()]
    assert len(ids) == len(set(ids)) and len(ids) >= 20
    assert set(profile.worker_type_labels) == {"pu", "bpu"}
    assert {t for c in profile.categories for t in c.worker_types} == {"pu", "bpu"}
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids + [c.id for c in profile.categories])
    assert any(c.vulnerable for c in profile.categories)
    assert {k.counts_as for k in profile.village_kinds} == {"desa", "kelurahan"}


def test_berau_kampung_is_a_desa():
    kinds = {k.id: k for k in participants_profile("6405").village_kinds}
    assert kinds["kampung"].counts_as == "desa" and kinds["kampung"].code_prefix == "2"
    assert participants_profile("6405").village_kind_for_code("6405012001").id == "kampung"


def test_vulnerable_occupations_follow_each_regency_list():
    assert participants_profile("6207").is_vulnerable_occupation("parking_attendant")
    assert participants_profile("6309").is_vulnerable_occupation("religious_activist")
    assert participants_profile("6101").is_vulnerable_occupation("farm_labourer")
    assert not participants_profile("6405").is_vulnerable_occupation(
        "farmer"
    )  # Pasal 12(2): BPU, not per se vulnerable
    assert participants_profile("6405").is_vulnerable_occupation("vulnerable_informal_worker")
    assert str(participants_profile("6207").find_occupation("parking_attendant")[1].citation) == \
        "Perbup Lamandau No. 25/2024 Pasal 9 ayat (2) huruf l"


@pytest.mark.parametrize("code", REGENCIES)
def test_termination_reasons_are_the_contract_ids(code):
    reasons = registry_profile(code).termination.reasons
    assert {r.id for r in reasons} == CONTRACT_REASONS
    assert all(r.citation is not None or r.note for r in reasons)


def test_tts_termination_reasons_cite_pasal_20_1_a_to_g():
    cited = {r.id: str(r.citation) for r in registry_profile("5304").termination.reasons}
    assert cited["no_longer_vulnerable"] == "Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf a"
    assert cited["voluntary_withdrawal"] == "Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf g"
    assert registry_profile("5304").termination.notify_parties == ("participant", "village")


@pytest.mark.parametrize("code,citation", [
    ("5304", "Perbup TTS No. 20/2025 Pasal 7 ayat (3)"),
    ("6101", "Perbup Sambas No. 59/2025 Pasal 9 ayat (3)"),
    ("6207", "Perbup Lamandau No. 25/2024 Pasal 6 ayat (6) huruf c"),
    ("6309", "Permenaker 44/2015"),
    ("6405", "Permenaker 44/2015"),
])
def test_construction_deadline_rule_and_citation(code, citation):
    rule = registry_profile(code).deadline_rule(dt.date(2026, 3, 2))
    assert rule.working_days == 14 and str(rule.citation) == citation


def test_tabalong_adds_before_work_starts_and_earlier_spks_use_the_national_rule():
    assert str(registry_profile("6309").deadline_rule(dt.date(2026, 1, 5)).before_work_starts) == \
        "Perbup Tabalong No. 5/2025 Pasal 23 ayat (4)"
    assert str(registry_profile("5304").deadline_rule(dt.date(2025, 10, 28)).citation) == "Permenaker 44/2015"


def test_lamandau_export_fields_are_pasal_27_1():
    fields = registry_profile("6207").recipient_list_fields
    assert [f.field for f in fields] == ["full_name", "nik", "address", "latitude", "longitude", "birth_place",
                                         "birth_date", "mother_maiden_name"]
    assert str(fields[-1].citation) == "Perbup Lamandau No. 25/2024 Pasal 27 ayat (1) huruf f"
    assert registry_profile("5304").recipient_list_fields == ()


def test_joint_leave_choice_is_read_from_the_profile():
    data = yaml.safe_load((regency_dirs()["6101"] / "registry.yaml").read_text())
    data["interpretations"]["joint_leave_is_holiday"]["choice"] = False
    assert registry_profile_from("6101", data, regulation="R").joint_leave_is_holiday is False
    assert registry_profile("6101").joint_leave_is_holiday is True


def test_duplicate_occupation_ids_are_a_profile_error():
    data = {"categories": [
        {"id": "a", "label": "A", "worker_types": ["pu"], "occupations": [{"id": "x", "label": "X"}]},
        {"id": "b", "label": "B", "worker_types": ["bpu"], "occupations": [{"id": "x", "label": "X"}]},
    ]}
    with pytest.raises(ProfileError):
        participants_profile_from("9999", data, regulation="R")


def test_a_sixth_regency_needs_only_files(tmp_path):
    folder = tmp_path / "6201-kotawaringin-barat"
    folder.mkdir()
    for part in ("participants", "registry", "regency"):
        source = (regency_dirs()["6207"] / f"{part}.yaml").read_text().replace('code: "6207"', 'code: "6201"')
        (folder / f"{part}.yaml").write_text(source.replace("Perbup Lamandau No. 25/2024", "Perbup Kobar No. 1/2026"))
    from registry.domain.participants_profile import load_participants_profile
    from registry.domain.registry_profile import load_registry_profile
    assert load_participants_profile("6201", tmp_path).category("vulnerable_worker").vulnerable
    assert (
        str(load_registry_profile("6201", tmp_path).licensing_gap.citation)
        == "Perbup Kobar No. 1/2026 Pasal 14 ayat (1)"
    )
    assert PROFILES_DIR != tmp_path
