"""Each regency's regulation in `regency.yaml` (title, number, year, dates, gazette, the article that
puts it in force) is checked against the full text in `../shared/regulations/`."""
from __future__ import annotations

import re

import pytest
import yaml

from shared.regulation import regency_dirs
from tests.unit.law.regulation_texts import (
    REGULATION_TEXTS,
    articles_of,
    indonesian_date,
    plain,
    readme_table,
    text_of,
)


def _regulation(code: str) -> dict:
    return yaml.safe_load((regency_dirs()[code] / "regency.yaml").read_text(encoding="utf-8"))["regulation"]


def _header(code: str) -> tuple[str, str, str, str]:
    """(regency name, number, year, subject) from the text's heading."""
    head = text_of(code)[:1500]
    found = re.search(r"PERATURAN BUPATI ([A-Z ]+?)\s*\n\s*NOMOR (\d+) TAHUN (\d{4})\s*TENTANG\s*(.+?)\s*DENGAN RAHMAT",
                      head, flags=re.S)
    assert found, f"no heading in the text of {code}"
    return found[1], found[2], found[3], found[4]


def test_the_texts_are_beside_the_repository():
    assert REGULATION_TEXTS.is_dir(), f"{REGULATION_TEXTS} is missing: the regulation texts travel beside the repo"
    assert set(readme_table()) == set(regency_dirs())


@pytest.mark.parametrize("code", sorted(regency_dirs()))
def test_title_number_and_year_are_the_texts(code):
    regulation = _regulation(code)
    name, number, year, subject = _header(code)
    assert (str(regulation["number"]), str(regulation["year"])) == (number, year)
    assert plain(regulation["full_title"]) == plain(f"Peraturan Bupati {name} Nomor {number} Tahun {year} "
                                                    f"tentang {subject}")
    assert regulation["title"].endswith(f"No. {number}/{year}")
    assert regulation["title"] == readme_table()[code][1]


@pytest.mark.parametrize("code", sorted(regency_dirs()))
def test_dates_gazette_and_commencement_are_the_texts(code):
    regulation, text = _regulation(code), text_of(code)
    enacted = re.search(r"Ditetapkan di [^\n]+\n\s*pada tanggal ([^\n]+)", text, flags=re.I)
    promulgated = re.search(r"Diundangkan di [^\n]+\n\s*pada tanggal ([^\n]+)", text, flags=re.I)
    assert str(regulation["enacted"]) == indonesian_date(enacted[1]) == readme_table()[code][2]
    assert str(regulation["promulgated"]) == indonesian_date(promulgated[1])
    gazette = re.search(r"^\W*(BERITA DAERAH KABUPATEN .+)$", text, flags=re.M)
    assert plain(regulation["gazette"].split("#")[0]) == plain(gazette[1])

    commencement = regulation["in_force_citation"].removeprefix("Pasal ")
    assert "mulai berlaku pada tanggal diundangkan" in plain(articles_of(code)[commencement].body)
    assert str(regulation["from"]) == str(regulation["promulgated"])
