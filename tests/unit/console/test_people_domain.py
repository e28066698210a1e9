"""Pure rules of persons and the issuer: NIP, PKCE S256, lockout, role catalogue."""
from __future__ import annotations

import datetime as dt

import pytest

from console.oauth.domain import LoginState, after_failure, locked, pkce_matches, s256
from console.persons.domain import nip_errors, parse_nip, person_errors
from shared import roles

TODAY = dt.date(2026, 12, 7)


def test_a_valid_nip_is_parsed():
    nip = parse_nip("198503122010012003")
    assert nip.birth_date == dt.date(1985, 3, 12) and nip.appointed == (2010, 1) and nip.sex == "F"
    assert nip.sequence == 3


@pytest.mark.parametrize("nip, reason", [
    ("19850312201001200", "18 digits"), ("19850312201001200X", "18 digits"),
    ("198513122010012003", "birth date"), ("198502302010012003", "birth date"),
    ("198503122010132003", "TMT"), ("198503121995012003", "18"),
    ("198503122010013003", "1 (male) or 2"), ("198503122010012000", "001"),
])
def test_invalid_nips_say_why(nip, reason):
    assert reason in nip_errors(nip, TODAY)[0]


def test_a_nip_from_the_future_is_refused():
    assert nip_errors("200503122030012003", TODAY)


def test_person_rules():
    common = {"username": "siti.r", "password": "x" * 12, "nip": None, "villages": [], "today": TODAY,
              "known_roles": {"petugas", "admin"}, "known_regencies": {"6101", "6405"},
              "roles_of_regency": {"6101": frozenset({"petugas"}), "6405": frozenset({"petugas", "admin"})}}
    assert person_errors(roles=["petugas"], regencies=["6101"], **common) == []
    fields = {f for f, _ in person_errors(roles=["admin"], regencies=["6101"], **common)}
    assert fields == {"roles"}  # 6101 does not use the admin role
    wrong_village = person_errors(roles=["petugas"], regencies=["6101"], **{**common, "villages": ["6405010001"]})
    assert [f for f, _ in wrong_village] == ["villages"]


def test_pkce_s256_rfc7636_example():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert pkce_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    assert not pkce_matches(None, s256(verifier)) and not pkce_matches("short", s256("short"))


def test_lockout_after_threshold_then_starts_again():
    now = dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC)
    state = LoginState(0, None)
    for _ in range(4):
        state = after_failure(state, now, threshold=5, lock_seconds=900)
    assert state == LoginState(4, None) and not locked(state, now)
    state = after_failure(state, now, threshold=5, lock_seconds=900)
    assert locked(state, now) and not locked(state, now + dt.timedelta(seconds=901)) and state.failed == 0


def test_role_catalogue_names_only_known_scopes_and_every_contract_role():
    catalogue = roles.catalogue()
    assert {"petugas", "verifikator", "kepala_dinas", "bendahara", "pptsp", "pimpinan", "admin"} <= set(catalogue)
    assert "pii:read" in roles.scopes_of({"verifikator"}) and "pii:read" not in roles.scopes_of({"petugas"})
    assert roles.scopes_of({"unknown-role"}) == frozenset()
    assert roles.village_bound({"petugas_desa"}) and not roles.village_bound({"petugas_desa", "petugas"})
