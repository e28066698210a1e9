"""System findings and the violations they are per regency, which proofs a case waits for, and
the letter signers of the profiles."""
from __future__ import annotations

import datetime as dt

import pytest
from sanctions_builders import new_case

from sanctions.domain import LicenceApplication, check_licence_application, proves_something

ON = dt.date(2026, 2, 2)


@pytest.mark.parametrize("name", ["tts", "berau", "sambas", "tabalong", "lamandau"])
def test_a_registry_compliance_gap_is_non_registration_everywhere(profiles, name):
    violation = profiles[name].violation_for_finding("employer_not_registered_with_workers", ON)
    assert violation.id == "employer_not_registered"


def test_late_construction_registration_is_sanctioned_in_tts_only(profiles):
    code = "construction_registration_overdue"
    assert profiles["tts"].violation_for_finding(code, ON).id == "construction_not_registered"
    for name in ("lamandau", "berau", "sambas", "tabalong"):
        assert profiles[name].violation_for_finding(code, ON) is None, name


def test_a_violation_id_is_its_own_finding(profiles):
    assert profiles["lamandau"].violation_for_finding("incomplete_data", ON).id == "incomplete_data"


def test_only_a_missing_membership_proof_is_a_finding(profiles):
    lamandau = profiles["lamandau"]
    nothing = check_licence_application(LicenceApplication.of("business_license", "new", []), lamandau, ON)
    assert nothing.findings == ("licence_without_membership",)
    unpaid = check_licence_application(LicenceApplication.of("business_license", "renewal",
                                                             ["bpjs_membership_certificate"]), lamandau, ON)
    assert unpaid.complete is False and unpaid.findings == ()
    tts = check_licence_application(LicenceApplication.of("business_license", "new", []), profiles["tts"], ON)
    assert tts.findings == ("licence_without_membership",)


def test_a_registration_concerns_non_registration_cases_only(profiles):
    p = profiles["lamandau"]
    unregistered = new_case(p, on=ON).case
    incomplete = new_case(p, on=ON, violation="incomplete_data").case
    assert proves_something(unregistered, "registered", p) and proves_something(unregistered, "fine_paid", p)
    assert not proves_something(incomplete, "registered", p)
    assert proves_something(incomplete, "data_completed", p)


def test_letters_are_signed_in_the_regency_seat(profiles):
    assert profiles["lamandau"].letter_place == "Nanga Bulik"
    assert profiles["tts"].letter_place == "SoE"
    decision = profiles["berau"].letter_signers["decision"]
    assert (decision.issuer, decision.signatory_title) == ("Bupati Berau", "Bupati Berau")
    assert profiles["sambas"].regency_name == "Kabupaten Sambas"
