"""Every aid.yaml and the national contributions file are complete and cite what they claim."""
from __future__ import annotations

import datetime as dt

import pytest
from aid_builders import CODES

from contribution_aid.domain.policy import load_aid_policy
from shared.regulation import PROFILES_DIR, profiles

REQUIRED = {"apbd", "other"}


@pytest.mark.parametrize("code", sorted(CODES.values()))
def test_every_regency_profile_loads_with_its_own_regulation(code):
    policy = load_aid_policy(code)
    assert REQUIRED <= set(policy.sources)
    assert policy.aided_programs == ("JKK", "JKM")
    for source in policy.sources.values():
        assert source.citation.startswith(policy.regulation_title + " Pasal"), source
    for name in ("aided_contribution_tier", "contribution_rate_date", "unlisted_named_sources"):
        assert policy.interpretation(name).note


def test_sources_match_the_digest():
    sources = {code: set(load_aid_policy(code).sources) for code in CODES.values()}
    assert sources["5304"] == {"apbd", "apbdes", "csr", "other"}
    assert sources["6405"] == {"apbd", "csr", "other"}
    assert sources["6101"] == {"apbd", "apbd_provinsi", "apbdes", "csr", "dbh_sawit", "donation", "other"}
    assert sources["6309"] == {"apbd", "other"}
    assert sources["6207"] == {"apbd", "transfer", "apbdes", "donation", "other"}


def test_only_berau_provides_co_financing_of_one_month():
    assert {code: load_aid_policy(code).co_financing.value for code in CODES.values()} == {
        "5304": False, "6405": True, "6101": False, "6309": False, "6207": False}


def test_national_entries_are_cited_and_never_overlap():
    data = profiles().national_part("contributions")
    histories = [entries for section in ("bpu", "wage_earner", "wage_caps", "construction")
                 for entries in data[section].values()] + [data["migrant"]]
    for entries in histories:
        spans = sorted((dt.date.fromisoformat(str(e["from"])), e.get("until")) for e in entries)
        for entry in entries:
            assert entry["citation"], entry
        for (_start, until), (next_start, _) in zip(spans, spans[1:], strict=False):
            assert until is not None and dt.date.fromisoformat(str(until)) <= next_start


def test_a_sixth_regency_needs_only_a_profile_file(tmp_path):
    folder = tmp_path / "9999-contoh"
    folder.mkdir()
    for part in ("aid", "regency"):
        (folder / f"{part}.yaml").write_text((PROFILES_DIR / "6309-tabalong" / f"{part}.yaml").read_text()
                                             .replace('code: "6309"', 'code: "9999"')
                                             .replace("Perbup Tabalong No. 5/2025", "Perbup Contoh No. 1/2030"))
    policy = load_aid_policy("9999", base=tmp_path)
    assert policy.funding_article == "Perbup Contoh No. 1/2030 Pasal 29 ayat (1)"
