"""The sanction profiles: national parameters, per-regency content, validation, a sixth regency."""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from sanctions_builders import evidence, impose, new_case

from sanctions.domain import CaseState, ProfileError, load_sanctions_profile
from sanctions.domain.profile import Period
from shared.regulation import PROFILES_DIR
from shared.regulation.model import regency_yaml

ON = dt.date(2026, 1, 15)
ENACTED = {"tts": dt.date(2025, 10, 29), "berau": dt.date(2024, 9, 20), "sambas": dt.date(2025, 11, 21),
           "tabalong": dt.date(2025, 1, 20), "lamandau": dt.date(2024, 7, 30)}


class TestNationalLadder:
    def test_dated_parameters_of_pp_86_2013(self, profiles):
        p = profiles["berau"]
        assert p.parameter("max_written_warnings", ON).value == 2
        assert p.period_parameter("warning_period", ON)[0] == Period(10, "working_days")
        assert p.period_parameter("fine_period", ON)[0] == Period(30, "calendar_days")
        assert Decimal(p.parameter("fine_rate_per_month", ON).value) == Decimal("0.001")
        assert str(p.parameter("fine_rate_per_month", ON).citation) == "PP 86/2013 Pasal 10 ayat (4)"

    def test_tmp2t_at_bpjs_request_for_regencies_without_their_own_rule(self, profiles):
        for name in ("tts", "sambas", "tabalong"):
            (prerequisite,) = profiles[name].prerequisites_on(ON)
            assert (prerequisite.id, str(prerequisite.citation)) == ("bpjs_request", "PP 86/2013 Pasal 8 ayat (1)")

    def test_berau_services_come_from_the_national_list(self, profiles):
        services = profiles["berau"].services_on(ON)
        assert str(services["labor_provider_permit"].citation) == "PP 86/2013 Pasal 9 ayat (1) huruf d"
        assert "construction_company_permit" not in services


class TestRegencyProfiles:
    @pytest.mark.parametrize("name", list(ENACTED))
    def test_nothing_in_force_before_enactment(self, profiles, name):
        p = profiles[name]
        assert p.violations_on(ENACTED[name] - dt.timedelta(days=1)) == []
        assert p.violations_on(ENACTED[name]) != []

    @pytest.mark.parametrize("name", list(ENACTED))
    def test_every_citation_names_a_regulation_and_an_article(self, profiles, name):
        p = profiles[name]
        items = [*p.violations, *p.ladder, *p.prerequisites, *p.services, *p.licensing]
        for item in items:
            text = str(item.citation)
            assert text.startswith((p.regulation_title, "PP 86/2013", "Permenaker 4/2018")), text
            assert " Pasal " in text, text

    def test_who_may_receive_tmp2t(self, profiles):
        assert profiles["tabalong"].step("tmp2t", ON).subjects == {"employer"}
        assert str(profiles["tabalong"].step("tmp2t", ON).exclusion_for("worker").citation) == \
            "Perbup Tabalong No. 5/2025 Pasal 28 ayat (4)"
        assert profiles["tabalong"].step("warning", ON).subjects == {"employer", "worker"}

    def test_lamandau_lifting_conditions_by_violation(self, profiles):
        p = profiles["lamandau"]
        assert p.violation("employer_not_registered", ON).lifting.all_of == ("fine_paid", "registered")
        assert p.violation("incomplete_data", ON).lifting.all_of == ("data_completed",)

    def test_only_berau_has_a_written_commitment(self, profiles):
        assert [n for n, p in profiles.items() if p.commitment_on(ON)] == ["berau"]

    def test_profile_version_is_a_content_digest(self, profiles):
        assert len(profiles["lamandau"].version) == 12
        assert profiles["lamandau"].version != profiles["tabalong"].version


def make_profiles(tmp_path: Path, regency_folder: str, sanctions: dict, regency: dict | None = None) -> Path:
    shutil.copytree(PROFILES_DIR / "national", tmp_path / "national")
    folder = tmp_path / regency_folder
    folder.mkdir()
    (folder / "sanctions.yaml").write_text(yaml.safe_dump(sanctions), encoding="utf-8")
    regency = regency_yaml(regency_folder[:4], (regency or {}).get("title", "Perbup Contoh No. 1/2026"))
    (folder / "regency.yaml").write_text(yaml.safe_dump(regency), encoding="utf-8")
    return tmp_path


SIXTH = {
    "violations": [{"id": "employer_not_registered", "label": "tidak mendaftar", "subjects": ["employer"],
                    "duty_citation": "Pasal 4(1)", "citation": "Pasal 20(1)", "obligation_evidence": ["registered"],
                    "from": "2026-01-01"}],
    "services_denied": [{"service": "business_license", "label": "izin usaha", "citation": "Pasal 20(2) huruf a",
                         "agency": "dpmptsp", "from": "2026-01-01"}],
}


class TestLoading:
    def test_a_sixth_regency_needs_only_a_profile_file(self, tmp_path):
        base = make_profiles(tmp_path, "6999-contoh", SIXTH)
        p = load_sanctions_profile("6999", base)
        case = new_case(p, on=ON, source="bpjs_request").case
        imposed = impose(case, p, ON).case
        assert imposed.state == CaseState.IMPOSED and imposed.sanction.services == ("business_license",)
        # national lifting rule applies when the regency gives none
        assert evidence(evidence(imposed, p, "fine_paid", ON).case, p, "registered", ON).case.state == CaseState.LIFTED

    def test_regency_yaml_title_is_used_for_citations(self, tmp_path):
        base = make_profiles(tmp_path, "6999-contoh", SIXTH, {"title": "Peraturan Bupati Contoh 1/2026"})
        p = load_sanctions_profile("6999", base)
        assert (
            str(p.violation("employer_not_registered", ON).citation)
            == "Peraturan Bupati Contoh 1/2026 Pasal 20 ayat (1)"
        )

    def test_every_defect_is_reported(self, tmp_path):
        broken = {
            **SIXTH,
            "services_denied": [
                {
                    "service": "fishing_licence",
                    "label": "x",
                    "citation": "Pasal 1",
                    "agency": "dpmptsp",
                    "from": "2026-01-01",
                },
                {
                    "service": "tender_permit",
                    "label": "x",
                    "citation": "somewhere",
                    "agency": "nobody",
                    "from": "2026-01-01",
                },
            ],
        }
        base = make_profiles(tmp_path, "6999-contoh", broken)
        with pytest.raises(ProfileError) as caught:
            load_sanctions_profile("6999", base)
        problems = " | ".join(caught.value.problems)
        assert "fishing_licence" in problems and "'somewhere'" in problems and "unknown agency nobody" in problems

    def test_missing_effective_date_is_a_defect(self, tmp_path):
        undated = {**SIXTH, "violations": [{k: v for k, v in SIXTH["violations"][0].items() if k != "from"}]}
        with pytest.raises(ProfileError, match="from"):
            load_sanctions_profile("6999", make_profiles(tmp_path, "6999-contoh", undated))

    def test_unknown_regency(self):
        with pytest.raises(ProfileError):
            load_sanctions_profile("9999")
