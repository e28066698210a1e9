"""Licence-application requirements (Lamandau 14, Berau 5(5), TTS 12(2), Sambas 16(2))."""
from __future__ import annotations

import datetime as dt

import pytest

from sanctions.domain import LicenceApplication, check_licence_application

ON = dt.date(2026, 2, 2)
CERT, PAYMENT, PROTECTION = "bpjs_membership_certificate", "latest_contribution_payment_proof", "protection_proof"


@pytest.mark.parametrize("kind, ayat", [("new", "1"), ("renewal", "2")])
def test_lamandau_needs_certificate_and_latest_payment(profiles, kind, ayat):
    p = profiles["lamandau"]
    check = check_licence_application(LicenceApplication.of("building_approval", kind, [CERT]), p, ON)
    assert check.complete is False
    assert [(m.label, m.citation) for m in check.missing] == [
        ("bukti pembayaran iuran terakhir BPJS Ketenagakerjaan", f"Perbup Lamandau No. 25/2024 Pasal 14 ayat ({ayat})")]
    assert check_licence_application(LicenceApplication.of("building_approval", kind, [CERT, PAYMENT]), p, ON).complete


def test_lamandau_application_without_documents_names_both(profiles):
    check = check_licence_application(LicenceApplication.of("business_license", "new", []), profiles["lamandau"], ON)
    assert len(check.missing) == 2


def test_berau_one_stop_service_needs_membership(profiles):
    check = check_licence_application(LicenceApplication.of("tender_permit", "new", [PAYMENT]), profiles["berau"], ON)
    assert [m.citation for m in check.missing] == ["Perbup Berau No. 44/2024 Pasal 5 ayat (5)"]


@pytest.mark.parametrize("regency, citation", [("tts", "Perbup TTS No. 20/2025 Pasal 12 ayat (2)"),
                                               ("sambas", "Perbup Sambas No. 59/2025 Pasal 16 ayat (2)")])
def test_business_licence_needs_proof_of_protection(profiles, regency, citation):
    p = profiles[regency]
    missing = check_licence_application(LicenceApplication.of("business_license", "new", [CERT]), p, ON).missing
    assert [m.citation for m in missing] == [citation]
    assert check_licence_application(LicenceApplication.of("business_license", "new", [PROTECTION]), p, ON).complete
    # other permits are not "perizinan badan usaha" here
    assert check_licence_application(LicenceApplication.of("tender_permit", "new", []), p, ON).complete


def test_tabalong_has_no_document_requirement(profiles):
    check = check_licence_application(LicenceApplication.of("business_license", "new", []), profiles["tabalong"], ON)
    assert check.complete and check.required == ()


def test_before_the_regulation_nothing_is_required(profiles):
    check = check_licence_application(LicenceApplication.of("business_license", "new", []), profiles["sambas"],
                                      dt.date(2025, 11, 20))
    assert check.complete


def test_unknown_application_kind(profiles):
    with pytest.raises(ValueError):
        check_licence_application(LicenceApplication.of("business_license", "transfer", []), profiles["berau"], ON)
