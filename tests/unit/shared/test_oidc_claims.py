"""Claim mapping of shared/oidc.py: the local issuer's claims and a Keycloak-shaped token map to the
same Client by configuration only."""
from __future__ import annotations

from shared.oidc import DEFAULT_CLAIMS, OidcConfig, TokenVerifier, claim


def verifier(**claims: str) -> TokenVerifier:
    return TokenVerifier(OidcConfig("https://sso.example/realms/x", "lindung", "https://sso.example/certs",
                                    {**DEFAULT_CLAIMS, **claims}))


def test_dotted_paths_reach_nested_claims():
    token = {"realm_access": {"roles": ["petugas"]}, "name": "Siti"}
    assert claim(token, "realm_access.roles") == ["petugas"]
    assert claim(token, "realm_access.missing") is None and claim(token, "name.first") is None


def test_local_issuer_claims_make_a_person():
    client = verifier().client_of({"sub": "p-1", "azp": "lindung-console", "name": "Siti Rahayu",
                                   "nip": "198503122010012003", "roles": ["verifikator"], "regencies": ["6101"]})
    assert client.name == "person:p-1" and client.person.nip == "198503122010012003"
    assert client.person.client_id == "lindung-console" and client.has("pii:read") and client.may_act_for("6101")
    assert not client.may_act_for("6405") and client.villages is None


def test_keycloak_shaped_token_by_configuration_only():
    keycloak = verifier(roles="realm_access.roles", regencies="lindung_regencies", nip="nip_pegawai")
    client = keycloak.client_of({
        "sub": "0b9f-uuid", "azp": "lindung-portal", "name": "Ani", "nip_pegawai": "198807152012122001",
        "realm_access": {"roles": ["kepala_dinas", "offline_access", "default-roles-x"]},
        "lindung_regencies": "6309"})
    assert client.person.roles == {"kepala_dinas", "offline_access", "default-roles-x"}
    assert client.has("sanctions:write") and not client.has("pii:read")  # unknown roles grant nothing
    assert client.regencies == {"6309"} and client.person.nip == "198807152012122001"


def test_village_roles_limit_the_area_and_client_credentials_make_a_system():
    desa = verifier().client_of({"sub": "p-2", "azp": "x", "name": "Desa", "roles": ["petugas_desa"],
                                 "regencies": ["6101"], "villages": ["6101012001"]})
    assert desa.may_act_in_village("6101012001") and not desa.may_act_in_village("6101012002")
    system = verifier().client_of({"sub": "oss-gateway", "azp": "oss-gateway", "scope": "clearance:read *",
                                   "regencies": ["*"]})
    assert system.person is None and system.scopes == {"clearance:read"} and system.all_regencies
