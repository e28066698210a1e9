"""docs/API.md §2, §14: services accept a person's Bearer access token verified against the issuer's
JWKS; bad tokens are 401, missing roles 403, other regencies 403/404; API keys act as before."""
from __future__ import annotations

import asyncio
import time

from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS
from tests.integration.people import bearer, other_key_file, rotate, token_for

SITI = {"sub": "p-siti", "name": "Siti Rahayu", "roles": ["petugas"], "regencies": ["6101"],
        "nip": "198503122010012003"}


async def test_a_person_with_a_role_acts_with_its_scopes(infra, api):
    registry = await api("registry", key=None)
    response = await registry.post("/v1/participants", json=participant_body("6101", serial=9101),
                                    headers=bearer(token_for(infra, **SITI)))
    assert response.status_code == 201, response.text


async def test_bad_tokens_are_401(infra, api, tmp_path):
    registry = await api("registry", key=None)
    now = int(time.time())
    bad = {
        "wrong issuer": token_for(infra, **SITI, iss="https://idp.example.org/realms/other"),
        "wrong audience": token_for(infra, **SITI, aud="some-other-api"),
        "expired": token_for(infra, **SITI, iat=now - 3600, exp=now - 600),
        "unknown key": token_for(infra, **SITI, key_file=other_key_file(tmp_path)),
        "not a jwt": "abc.def.ghi",
    }
    good = token_for(infra, **SITI)
    head, body, signature = good.split(".")
    bad["tampered"] = ".".join([head, body, ("A" if signature[0] != "A" else "B") + signature[1:]])
    for case, token in bad.items():
        response = await registry.get("/v1/participants", params={"regency_code": "6101", "nik": "1"},
                                      headers=bearer(token))
        assert response.status_code == 401, case
        assert response.headers["content-type"].startswith("application/problem+json"), case


async def test_person_without_the_role_is_403_and_other_regency_403_or_404(infra, api):
    admin = await api("registry")
    other = (await admin.post("/v1/participants", json=participant_body("6405", serial=9102))).json()
    registry = await api("registry", key=None)
    reader = token_for(infra, sub="p-pimpinan", name="Bupati", roles=["pimpinan"], regencies=["6101"])
    denied = await registry.post("/v1/participants", json=participant_body("6101", serial=9103),
                                 headers=bearer(reader))
    assert denied.status_code == 403 and "pimpinan" not in denied.json()["detail"]
    nobody = token_for(infra, sub="p-none", name="Tanpa Peran", roles=[], regencies=["6101"])
    assert (await registry.get("/v1/participants", params={"regency_code": "6101", "nik": "1"},
                               headers=bearer(nobody))).status_code == 403
    siti = bearer(token_for(infra, **SITI))
    assert (await registry.post("/v1/participants", json=participant_body("6405", serial=9104),
                                headers=siti)).status_code == 403
    assert (await registry.get(f"/v1/participants/{other['id']}", headers=siti)).status_code == 404


async def test_rotated_key_is_fetched_once_and_keys_are_cached(infra, api):
    registry = await api("registry", key=None)
    query = {"regency_code": "6101", "nik": "1"}
    for _ in range(3):
        assert (await registry.get("/v1/participants", params=query,
                                   headers=bearer(token_for(infra, **SITI)))).status_code in (200, 422)
    fetched = infra.jwks.fetches
    assert (await registry.get("/v1/participants", params=query,
                               headers=bearer(token_for(infra, **SITI)))).status_code in (200, 422)
    assert infra.jwks.fetches == fetched  # cached, not fetched per request
    await asyncio.sleep(1.1)  # the test cooldown between forced refreshes (OIDC_JWKS_COOLDOWN_SECONDS=1)
    new_kid = rotate(infra.key_file, infra.jwks.jwks_file)
    response = await registry.get("/v1/participants", params=query, headers=bearer(token_for(infra, **SITI)))
    assert response.status_code in (200, 422) and infra.jwks.fetches == fetched + 1, new_kid


async def test_api_keys_still_work_beside_tokens(infra, api):
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    assert (await clerk.post("/v1/participants", json=participant_body("6101", serial=9105))).status_code == 201


async def test_a_village_officer_acts_only_in_their_villages(infra, api):
    mine, other = participant_body("6101", serial=9106), participant_body("6101", serial=9107)
    mine["village_code"], other["village_code"] = "6101012001", "6101012002"
    admin = await api("registry")
    hidden = (await admin.post("/v1/participants", json=other)).json()
    registry = await api("registry", key=None)
    desa = bearer(token_for(infra, sub="p-desa", name="Petugas Desa", roles=["petugas_desa"], regencies=["6101"],
                            villages=["6101012001"]))
    assert (await registry.post("/v1/participants", json=mine, headers=desa)).status_code == 201
    elsewhere = {**other, "nik": participant_body("6101", serial=9108)["nik"]}
    refused = await registry.post("/v1/participants", json=elsewhere, headers=desa)
    assert refused.status_code == 403 and "6101012002" in refused.json()["detail"]
    assert (await registry.get(f"/v1/participants/{hidden['id']}", headers=desa)).status_code == 404
    found = await registry.get("/v1/participants", params={"regency_code": "6101", "nik": other["nik"]}, headers=desa)
    assert found.json()["count"] == 0
