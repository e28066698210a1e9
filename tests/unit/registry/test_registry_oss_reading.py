"""OSS RBA dataNIB read in Lindung's terms (registry/domain/oss.py)."""
import datetime as dt

import pytest

from registry.domain.oss import canonical_region, oss_token, owning_regency, read_data_nib, token_valid, workforce_of


@pytest.mark.parametrize(("given", "canonical"), [
    ("3201000000", "3201000000"), ("32.01.01.2001", "3201012001"), (" 6207011001 ", "6207011001"),
    ("6207", "6207000000"), ("62-07", None), ("32.1.1.2001", None), (3201000000, None), ("", None)])
def test_region_codes_have_one_canonical_form(given, canonical):
    assert canonical_region(given) == canonical


def test_workforce_sums_projects_by_sex_and_ignores_garbage():
    projects = [{"jumlah_tki_l": "10", "jumlah_tki_p": 4, "jumlah_tka_l": "1", "jumlah_tka_p": "x"},
                {"jumlah_tki_l": -3, "jumlah_tki_p": "2", "jumlah_tka_p": True}]
    workforce = workforce_of(projects)
    assert (workforce.male, workforce.female, workforce.foreign, workforce.total) == (11, 6, 1, 17)


def test_province_level_code_is_owned_by_the_single_project_regency():
    one = [{"data_lokasi_proyek": [{"proyek_daerah_id": "62.07.01.1001"}]}]
    two = [{"data_lokasi_proyek": [{"proyek_daerah_id": "6207011001"}, {"proyek_daerah_id": "6101011001"}]}]
    assert owning_regency("6200000000", "01", one) == "6207"
    assert owning_regency("6200000000", "01", two) is None
    assert owning_regency("6200000000", "02", one) is None  # regency authority must name a regency
    assert owning_regency("6101000000", "00", one) == "6101"


def test_read_names_missing_fields_and_keeps_an_invalid_npp_out():
    reading = read_data_nib({"nib": "9120001234567", "kd_daerah": "6207000000", "kewenangan": "02",
                             "no_npp": "000000000", "nama_perseroan": "PT X", "alamat_perseroan": "Jl. Y",
                             "data_proyek": [{"skala_usaha": "01", "kbli": "42101"}, {"skala_usaha": "04"}]})
    assert (reading.errors, reading.npp, reading.npp_given, reading.business_scale, reading.sector) == (
        [], None, "000000000", "large", "construction")
    assert [e.field for e in read_data_nib({"kewenangan": "9"}).errors] == [
        "dataNIB.nib", "dataNIB.nama_perseroan", "dataNIB.alamat_perseroan", "dataNIB.kewenangan",
        "dataNIB.kd_daerah", "dataNIB.data_proyek.skala_usaha"]


def test_token_is_sha1_of_user_password_npwp_and_date_today_or_yesterday():
    today = dt.date(2026, 12, 7)
    token = oss_token("u", "p", "n", today)
    assert token == __import__("hashlib").sha1(b"upn20261207").hexdigest()
    assert token_valid(token.upper(), username="u", password="p", npwp="n", today=today + dt.timedelta(days=1))
    assert not token_valid(token, username="u", password="p", npwp="n", today=today + dt.timedelta(days=2))
    assert not token_valid(token, username="", password="", npwp="n", today=today)
    # a Token with characters no SHA1 hex digest holds is a wrong Token (OSS's 401), not a 500
    assert not token_valid("é\x00" * 20, username="u", password="p", npwp="n", today=today)
