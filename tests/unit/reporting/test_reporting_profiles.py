"""The five reporting.yaml files parse, cite the right articles and carry the parameters."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from reporting_samples import REGULATIONS

from reporting.reports.calendar import reporting_calendar
from reporting.reports.profile import ProfileError, load_reporting_profile, parse_reporting_profile
from shared.regulation import PROFILES_DIR, ProfileProblems
from shared.regulation.model import regency_yaml


def profile(code: str):
    return load_reporting_profile(code, regulation=REGULATIONS[code])


def citations(code: str) -> dict[str, str]:
    return {r.id: str(r.citation) for r in profile(code).reports}


def test_tts_calendar_cites_pasal_26_and_24():
    assert citations("5304") == {
        "supervision_quarterly": "Perbup TTS No. 20/2025 Pasal 26 ayat (1)",
        "policy_half_yearly": "Perbup TTS No. 20/2025 Pasal 26 ayat (3)",
        "implementation_yearly": "Perbup TTS No. 20/2025 Pasal 24 ayat (2)",
    }
    frequencies = {r.id: r.frequency for r in profile("5304").reports}
    assert frequencies == {"supervision_quarterly": "quarter", "policy_half_yearly": "half_year",
                           "implementation_yearly": "year"}


def test_sambas_quarterly_and_half_yearly_to_the_regent():
    assert citations("6101") == {
        "supervision_quarterly": "Perbup Sambas No. 59/2025 Pasal 28 ayat (1)",
        "policy_half_yearly": "Perbup Sambas No. 59/2025 Pasal 28 ayat (3)",
    }
    assert {r.submitted_to for r in profile("6101").reports} == {"Bupati"}


def test_berau_monthly_recap_by_the_15th_and_half_yearly_monitoring():
    berau = profile("6405")
    recap = berau.report("bpjs_monthly_recap")
    assert (recap.frequency, recap.due.rule, recap.due.value) == ("month", "day_of_following_month", 15)
    assert str(recap.due.citation) == "Perbup Berau No. 44/2024 Pasal 22"
    assert recap.due.interpretation is None          # the 15th is law, not our reading
    assert str(berau.report("monitoring_half_yearly").citation) == "Perbup Berau No. 44/2024 Pasal 30 ayat (2)"


@pytest.mark.parametrize("code", ["6309", "6207"])
def test_silent_regencies_get_a_yearly_report_marked_as_interpretation(code):
    (report,) = profile(code).reports
    assert (report.frequency, report.basis) == ("year", "interpretation")
    assert "tidak mengatur frekuensi" in report.note


@pytest.mark.parametrize("code", sorted(REGULATIONS))
def test_every_regency_has_targets_threshold_and_a_not_law_workforce_note(code):
    p = profile(code)
    target = p.ucj_target[0]
    assert target.value == 100 and target.citation is not None
    assert p.ucj_target_on(dt.date(2026, 6, 1)) == 100
    assert p.interim_target_on(dt.date(2026, 6, 1)) is None       # administrator has not set one
    assert p.workforce_on(dt.date(2026, 6, 1)) is None             # to be filled from BPS
    assert "BUKAN KETENTUAN HUKUM" in p.workforce_note
    assert p.small_cell.threshold == 5
    for report in p.reports:
        assert report.due.value == 30 or report.due.rule == "day_of_following_month"


def test_ucj_basis_follows_the_text():
    assert profile("5304").ucj_basis == "regulation"     # TTS Pasal 10(1) huruf d names UCJ
    assert profile("6101").ucj_basis == "regulation"     # Sambas Pasal 14(1) huruf d
    assert profile("6405").ucj_basis == "interpretation"
    assert str(profile("5304").ucj_target[0].citation) == "Perbup TTS No. 20/2025 Pasal 10 ayat (1) huruf d"


def test_a_sixth_regency_needs_only_a_profile_folder(tmp_path):
    shutil.copytree(PROFILES_DIR / "6405-berau", tmp_path / "9999-contoh", ignore=shutil.ignore_patterns("[!r]*"))
    regency = tmp_path / "9999-contoh" / "regency.yaml"
    regency.write_text(regency.read_text().replace('code: "6405"', 'code: "9999"'))
    p = load_reporting_profile("9999", regulation="Perbup Contoh No. 1/2026", base=tmp_path)
    assert str(p.report("bpjs_monthly_recap").citation) == "Perbup Contoh No. 1/2026 Pasal 22"
    assert len(reporting_calendar(p, 2026)) == 12 + 2


def test_missing_profile_is_a_lookup_error(tmp_path):
    with pytest.raises(LookupError):
        load_reporting_profile("9999", regulation="x", base=tmp_path)


def _report(**over):
    base = {"id": "r", "title": "t", "frequency": "quarter", "submitted_by": "a", "submitted_to": "b",
            "citation": "Pasal 1", "basis": "regulation", "from": "2025-01-01",
            "due": {"rule": "days_after_period_end", "value": 10}}
    return {**base, **over}


@pytest.mark.parametrize("bad", [
    _report(frequency="weekly"),
    _report(basis="custom"),
    _report(due={"rule": "whenever", "value": 1}),
    _report(due={"rule": "days_after_period_end", "interpretation": "undefined_name"}),
    _report(due={"rule": "days_after_period_end", "value": 0}),
])
def test_schema_errors_are_reported(bad):
    with pytest.raises(ProfileError):
        parse_reporting_profile({"reports": [bad]}, regency_code="9999", regulation="x")


def test_small_cell_threshold_is_configurable():
    p = parse_reporting_profile({"small_cell": {"threshold": 10, "suppress_zero": False}},
                                regency_code="9999", regulation="x")
    assert (p.small_cell.threshold, p.small_cell.suppress_zero) == (10, False)


def test_regulation_title_defaults_to_regency_yaml(tmp_path):
    folder = tmp_path / "9999-contoh"
    shutil.copytree(PROFILES_DIR / "6101-sambas", folder, ignore=shutil.ignore_patterns("[!r]*", "registry*"))
    (folder / "regency.yaml").write_text(yaml.safe_dump(regency_yaml("9999", "Perbup Contoh No. 7/2026")),
                                         encoding="utf-8")
    p = load_reporting_profile("9999", base=tmp_path)
    assert str(p.report("policy_half_yearly").citation) == "Perbup Contoh No. 7/2026 Pasal 28 ayat (3)"

    other = tmp_path / "other"   # a fresh path: profile files are cached per path
    shutil.copytree(folder, other / "9999-contoh")
    (other / "9999-contoh" / "regency.yaml").write_text("name: Contoh\n", encoding="utf-8")
    with pytest.raises(ProfileProblems):
        load_reporting_profile("9999", base=other)
