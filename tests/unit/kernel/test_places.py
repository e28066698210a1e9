"""Places with names (shared/regulation/places.py): each regency's committed places.csv is the
transform of the idn-area-data dataset (Kepmendagri 300.2.2-2138/2025 codes), whole and consistent
with the regency's Kemendagri code, and the kernel refuses a file that is not."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared.regulation import PROFILES_DIR, ProfileProblems, load
from shared.regulation.places import parse_places, render_places, select_places

# A slice of the dataset as the npm package writes it (dotted codes, quoted names, other regencies).
DISTRICTS = """code,regency_code,name
64.02.01,64.02,Tanjung Palas
64.03.01,64.03,Kelay
64.03.02,64.03,Talisayan
"""
VILLAGES = '''code,district_code,name
64.02.01.2001,64.02.01,Elsewhere
64.03.01.2001,64.03.01,Merabu
64.03.01.2002,64.03.01,Panaan
64.03.02.1001,64.03.02,"Kampung ""Quoted"""
'''


def test_the_transform_keeps_the_regency_drops_the_dots_and_reads_the_kind_from_digit_7():
    rows = select_places(DISTRICTS, VILLAGES, "6403")
    assert [(p.code, p.name, p.kind) for p in rows] == [
        ("640301", "Kelay", "kecamatan"), ("640302", "Talisayan", "kecamatan"),
        ("6403012001", "Merabu", "desa"), ("6403012002", "Panaan", "desa"),
        ("6403021001", 'Kampung "Quoted"', "kelurahan")]
    text = render_places(rows, name_full="Kabupaten Berau", code="6405", kemendagri_code="6403")
    assert "idn-area-data 4.0.1" in text and "ODbL" in text and "Kepmendagri 300.2.2-2138/2025" in text
    places = parse_places(text, "6403")
    assert places.problems() == [] and places.village("6403021001").name == 'Kampung "Quoted"'


def test_the_committed_files_start_like_a_rerun_of_the_transform_on_the_fixture():
    """The Berau file holds exactly what the transform makes of the fixture's Berau rows."""
    committed = load().regency("6405").places
    for place in select_places(DISTRICTS, VILLAGES, "6403")[:4]:
        assert committed.districts.get(place.code, committed.villages.get(place.code)) == place


@pytest.mark.parametrize("code,kemendagri,districts,villages", [
    ("5304", "5302", 32, 278), ("6101", "6101", 19, 195), ("6207", "6209", 8, 88), ("6309", "6309", 12, 131),
    ("6405", "6403", 13, 110)])
def test_every_regency_has_its_places_under_its_kemendagri_code(code, kemendagri, districts, villages):
    regency = load().regency(code)
    places = regency.places
    assert regency.kemendagri_code == kemendagri == places.kemendagri_code
    assert (len(places.districts), len(places.villages)) == (districts, villages)
    assert places.problems() == []
    assert all(v.code.startswith(kemendagri) and v.district_code in places.districts
               for v in places.villages.values())


def test_names_cross_checked_against_the_dataset():
    profiles = load()
    berau, tts = profiles.regency("6405").places, profiles.regency("5304").places
    assert berau.district("640301").name == "Kelay" and berau.village("6403012001").name == "Merabu"
    assert tts.district("530201").name == "Kota Soe" and tts.village("5302011001").name == "SoE"
    assert tts.village("5302011001").kind == "kelurahan" and tts.village("5304012001") is None


def test_a_place_outside_the_kemendagri_code_fails_the_load_naming_the_file(tmp_path):
    target = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, target, ignore=shutil.ignore_patterns("schema"))
    path = target / "6405-berau" / "places.csv"
    path.write_text(path.read_text(encoding="utf-8") + "6405012001,Fake,desa\n6403992001,Orphan,desa\n",
                    encoding="utf-8")
    with pytest.raises(ProfileProblems) as raised:
        load(target)
    text = str(raised.value)
    assert "6405-berau/places.csv" in text and "6405012001: bukan kode Kemendagri 6403" in text
    assert "6403992001: kecamatan 640399 tidak ada" in text


def test_the_kemendagri_code_is_a_dated_cited_value_the_where_command_finds():
    regency = load().regency("6405").identity
    entry = regency.kemendagri_code[0]
    assert (entry.value, entry.citation) == ("6403", "Kepmendagri 300.2.2-2138/2025")
    found = subprocess.run([sys.executable, "-m", "shared.regulation", "where", "Kepmendagri 300.2.2-2138/2025"],
                           capture_output=True, text=True, check=False)
    assert found.returncode == 0 and found.stdout.count("kemendagri_code[0].citation") == 5
    assert "external source kepmendagri_300_2_2_2138_2025: data set" in found.stdout


@pytest.mark.skipif(not os.environ.get("LINDUNG_IDN_AREA_DATA"), reason=(
    "set LINDUNG_IDN_AREA_DATA to the tarball of `npm pack idn-area-data@4.0.1` to compare with the dataset"))
def test_the_committed_files_are_exactly_what_the_dataset_gives():
    source = Path(os.environ["LINDUNG_IDN_AREA_DATA"])
    result = subprocess.run([sys.executable, "-m", "shared.regulation", "places", str(source), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
