"""The regulation kernel: one loader for every part, every problem at once with file, key and
line; interpretations need readers; schemas do not drift; a rendered citation finds its data."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared.regulation import PROFILES_DIR, ProfileProblems, load
from shared.regulation.cli import schemas
from shared.regulation.lookup import lookup


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, target, ignore=shutil.ignore_patterns("schema"))
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_profiles_load_and_every_part_is_typed():
    loaded = load()
    assert sorted(loaded.regencies) == ["5304", "6101", "6207", "6309", "6405"]
    assert all(r.model("regency") is not None for r in loaded.regencies.values())


def test_every_typo_is_reported_at_once_with_file_key_and_line(copy):
    _edit(copy / "6405-berau" / "aid.yaml", "  citation: \"Pasal 26\"", "  citatoin: \"Pasal 26\"")
    _edit(copy / "6101-sambas" / "eligibility.yaml", "    label: Bantuan Iuran Program",
          "    lable: Bantuan Iuran Program")
    _edit(copy / "national" / "sanctions.yaml", "\nviolations:\n", "\nviolation:\n")
    with pytest.raises(ProfileProblems) as caught:
        load(copy)
    text = str(caught.value)
    assert "6405-berau/aid.yaml:" in text and "stopping.citatoin: kunci tidak dikenal" in text
    assert "stopping.citation: kunci wajib tidak ada / required key missing" in text
    assert "6101-sambas/eligibility.yaml:" in text and "schemes.vulnerable_worker_aid.lable" in text
    assert "national/sanctions.yaml:" in text and "violation: kunci tidak dikenal / unknown key" in text
    line = next(p.line for p in caught.value.problems if p.key.endswith("citatoin"))
    assert (copy / "6405-berau" / "aid.yaml").read_text().split("\n")[line - 1].strip().startswith("citatoin:")


def test_an_unread_interpretation_fails_the_load(copy):
    _edit(copy / "6101-sambas" / "regency.yaml", "interpretations:\n",
          "interpretations:\n  looks_like_a_switch:\n    choice: yes\n    note: nobody reads it\n")
    with pytest.raises(ProfileProblems, match="looks_like_a_switch: .*read by no service"):
        load(copy)


def test_an_interpretation_a_service_reads_must_exist(copy):
    _edit(copy / "6207-lamandau" / "registry.yaml", "  joint_leave_is_holiday:", "  joint_leave_is_holidays:")
    with pytest.raises(ProfileProblems) as caught:
        load(copy)
    assert "'joint_leave_is_holiday' yang dibaca registry tidak ada / interpretation read by registry is missing" \
        in str(caught.value)


def test_a_choice_the_code_does_not_implement_is_refused(copy):
    _edit(copy / "national" / "contributions.yaml", "choice: half_up_per_component", "choice: banker")
    with pytest.raises(ProfileProblems, match="choice not implemented by contribution-aid"):
        load(copy)


def test_an_unregistered_file_is_named(copy):
    (copy / "6309-tabalong" / "approvalz.yaml").write_text("x: 1\n")
    with pytest.raises(ProfileProblems, match="6309-tabalong/approvalz.yaml: .*not a registered profile part"):
        load(copy)


def test_titles_and_dates_live_only_in_regency_yaml():
    for regency in load().regencies.values():
        for part, yf in regency.files.items():
            if part != "regency":
                assert "regulation" not in yf.data and "regency_code" not in yf.data, yf.path


def test_json_schemas_do_not_drift():
    folder = PROFILES_DIR / "schema"
    present = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.schema.json")}
    assert present == schemas(), "run: python -m shared.regulation schema"


def test_a_rendered_citation_finds_its_data():
    hits = lookup(load(), "Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf d")
    assert hits and all("6101-sambas" in h.file for h in hits)
    assert any(h.file.endswith("eligibility.yaml") and h.owner == "eligibility" and h.line for h in hits)
    broad = lookup(load(), "Perbup Sambas No. 59/2025 Pasal 26 ayat (1)")
    assert len(broad) > len(hits)


def test_check_command_for_an_administrator(copy):
    command = [sys.executable, "-m", "shared.regulation", "check", str(copy)]
    ok = subprocess.run(command, capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and "5 regencies" in ok.stdout
    _edit(copy / "6207-lamandau" / "reporting.yaml", "frequency: year", "frequency: yearly")
    bad = subprocess.run(command, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert "Profil regulasi tidak valid" in bad.stderr and "regulation profiles are invalid" in bad.stderr
    assert "6207-lamandau/reporting.yaml:" in bad.stderr and "frequency" in bad.stderr


def test_termination_reasons_have_one_home():
    """aid cites the ground of a stopping reason from registry.yaml, never its own copy."""
    from contribution_aid.domain.policy import load_aid_policy
    from registry.domain.registry_profile import load_registry_profile

    for code, regency in load().regencies.items():
        assert "reasons" not in regency.part("aid")["stopping"]
        policy, registry = load_aid_policy(code), load_registry_profile(code)
        for reason in registry.termination.reasons:
            expected = str(reason.citation) if reason.citation else None
            assert policy.reason_citations[reason.id] == expected, (code, reason.id)
    berau = load_aid_policy("6405").reason_citations
    assert berau["not_found"] == "Perbup Berau No. 44/2024 Pasal 19 ayat (1)"  # was Pasal 16 huruf a in aid.yaml


def test_each_services_own_checks_run_in_the_one_load(copy):
    """Vocabulary and rule errors found by a service's compiler are reported by the same load
    (so `check` and every app's start see them), all at once."""
    _edit(copy / "6101-sambas" / "eligibility.yaml", "kind: age_between", "kind: age_betwen")
    _edit(copy / "6207-lamandau" / "sanctions.yaml", "service: business_license", "service: business_licence")
    with pytest.raises(ProfileProblems) as caught:
        load(copy)
    text = str(caught.value)
    assert "[eligibility]" in text and "6101-sambas/eligibility.yaml" in text and "age_betwen" in text
    assert "[sanctions]" in text and "6207" in text and "business_licence" in text


@pytest.mark.parametrize("old,new,message", [
    ("choice: not_allowed", "choice: not_alowed", "co_financing_one_month: choice 'not_alowed' must be one of"),
    ("choice: palm_oil_programme_only", "choice: palm_oil_programe_only", "not one of its options"),
])
def test_a_typo_in_an_aid_choice_fails_instead_of_dropping_a_restriction(copy, old, new, message):
    """contribution-aid once read any unknown yes/no choice as "no" and an unknown earmark option
    as "no restriction"; both now fail the load."""
    _edit(copy / "6101-sambas" / "aid.yaml", old, new)
    with pytest.raises(ProfileProblems, match=message):
        load(copy)


def test_apbdes_own_village_is_a_live_switch(tmp_path):
    """apbdes_own_village looked like a switch but nothing read its choice; now "false" lifts the
    own-village earmark and a typo fails."""
    from contribution_aid.domain.policy import load_aid_policy

    assert any(e.rule == "own_village" for e in load_aid_policy("6101").earmarks_for("apbdes"))
    base = tmp_path / "p"
    shutil.copytree(PROFILES_DIR, base, ignore=shutil.ignore_patterns("schema"))
    aid = base / "6101-sambas" / "aid.yaml"
    text = aid.read_text()
    start = text.index("  apbdes_own_village:")
    aid.write_text(text[:start] + text[start:].replace('choice: "true"', 'choice: "false"', 1))
    assert not any(e.rule == "own_village" for e in load_aid_policy("6101", base).earmarks_for("apbdes"))


def test_a_typo_in_any_part_is_reported_with_its_file_key_and_line(copy):
    """Every registered part, regency and national: an unknown key is named where it is written."""
    edited = [copy / "6309-tabalong" / f"{part}.yaml" for part in
              ("regency", "eligibility", "programs", "participants", "registry", "aid", "sanctions", "reporting")]
    edited += sorted((copy / "national").glob("*.yaml"))
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8") + "\ncitaton: typo\n", encoding="utf-8")
    with pytest.raises(ProfileProblems) as caught:
        load(copy)
    reported = {(p.file, p.key) for p in caught.value.problems if p.line}
    for path in edited:
        assert (str(path.relative_to(copy.parent)), "citaton") in reported, path


def test_occupations_have_one_home(copy):
    """Eligibility's list of vulnerable occupations is read from participants.yaml: renaming an
    occupation there renames it for eligibility too."""
    from eligibility.rules import ProfileRegistry

    _edit(copy / "6309-tabalong" / "participants.yaml", 'label: "petani"', 'label: "petani padi"')
    scheme = ProfileRegistry.load(copy).get("6309").schemes["vulnerable_worker_aid"][0]
    listed = next(c for c in scheme.conditions if c.kind == "flag_or_listed").values
    assert "petani padi" in listed and "petani" not in listed and "pekerja informal lainnya" not in listed
