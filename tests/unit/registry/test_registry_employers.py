from dataclasses import replace

import pytest

from registry.domain.employers import EmployerRequest, licensing_gap, normalise_npwp, validate_employer
from tests.unit.registry.registry_unit_helpers import registry_profile


def employer(**changes) -> EmployerRequest:
    base = EmployerRequest(regency_code="6101", name="CV Sawit Makmur", nib="9120001234567", kind="non_state",
                           business_scale="small", sector="palm_oil_plantation", address="Jl. Pemangkat 1",
                           npwp="01.312.166.0-091.000")
    return replace(base, **changes)


def test_valid_employer_is_stored_in_compact_form():
    check = validate_employer(employer(nib="912-000-1234567"), registry_profile("6101"))
    assert check.errors == []
    assert check.nib == "9120001234567"
    assert check.npwp == "0013121660091000" and not check.npwp_is_nik
    assert str(check.sector.citation) == "Perbup Sambas No. 59/2025 Pasal 25 ayat (1)"


@pytest.mark.parametrize("value,expected", [
    ("01.312.166.0-091.000", "0013121660091000"), ("013121660091000", "0013121660091000"),
    ("0013121660091000", "0013121660091000"), ("5304015708850001", "5304015708850001"),
    ("01.312.166.1-091.000", None), ("12345", None), ("0113121660091000x", None), (None, None),
])
def test_npwp_accepts_15_and_16_digit_forms(value, expected):
    assert normalise_npwp(value) == expected


def test_an_npwp_that_is_a_nik_is_flagged_as_personal_data():
    assert validate_employer(employer(npwp="5304015708850001"), registry_profile("6101")).npwp_is_nik


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"nib": "912000123456"}, "nib"),
        ({"nib": "91200012345678"}, "nib"),
        ({"nib": "91200O1234567"}, "nib"),
        ({"npwp": "01.312.166.1-091.000"}, "npwp"),
        ({"kind": "public"}, "kind"),
        ({"business_scale": "huge"}, "business_scale"),
        ({"sector": "mining"}, "sector"),
        ({"name": " "}, "name"),
        ({"regency_code": "6207"}, "regency_code"),
    ],
)
def test_invalid_fields(changes, field):
    assert [e.field for e in validate_employer(employer(**changes), registry_profile("6101")).errors] == [field]


def test_npwp_is_optional():
    assert validate_employer(employer(npwp=None), registry_profile("6101")).errors == []
    assert validate_employer(employer(npwp=""), registry_profile("6101")).npwp is None


def test_sectors_differ_by_regency():
    assert [e.field for e in validate_employer(employer(regency_code="6207"), registry_profile("6207")).errors] == [
        "sector"
    ]


@pytest.mark.parametrize("code,citation,notify", [
    ("5304", "Perbup TTS No. 20/2025 Pasal 12 ayat (2)", True),
    ("6101", "Perbup Sambas No. 59/2025 Pasal 16 ayat (2)", True),
    ("6405", "Perbup Berau No. 44/2024 Pasal 5 ayat (5)", True),
    ("6207", "Perbup Lamandau No. 25/2024 Pasal 14 ayat (1)", True),
    ("6309", "Perbup Tabalong No. 5/2025 Pasal 22 ayat (2)", False),
])
def test_employer_with_workers_and_no_bpjs_number_is_a_compliance_gap(code, citation, notify):
    gap = licensing_gap(employer_kind="non_state", worker_count=12, bpjs_registration_number=None,
                        registry=registry_profile(code))
    assert gap is not None and str(gap.citation) == citation and gap.notify_licensing is notify
    assert gap.worker_count == 12 and gap.code == "employer_not_registered_with_workers"


def test_no_gap_without_workers_or_with_a_registration_number():
    profile = registry_profile("5304")
    assert (
        licensing_gap(employer_kind="non_state", worker_count=0, bpjs_registration_number=None, registry=profile)
        is None
    )
    assert licensing_gap(employer_kind="non_state", worker_count=3, bpjs_registration_number="12345678",
                         registry=profile) is None
    assert licensing_gap(employer_kind="non_state", worker_count=3, bpjs_registration_number="  ", registry=profile)


def test_state_employers_are_bound_only_where_the_text_says_every_employer():
    assert licensing_gap(employer_kind="state", worker_count=3, bpjs_registration_number=None,
                         registry=registry_profile("5304")) is None  # TTS 12(2): non-state employers
    assert licensing_gap(employer_kind="state", worker_count=3, bpjs_registration_number=None,
                         registry=registry_profile("6405")) is not None  # Berau 5(1)-(5): every employer
