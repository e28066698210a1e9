"""The local issuer (services/console, docs/API.md §14): discovery, JWKS, persons, the token grants,
lockout, rate limiting, TOTP; its tokens are accepted by the services."""
from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qs, urlparse

import httpx
import pyotp

from console.main import SPEC
from console.oauth.domain import s256
from console.settings import Settings
from shared.app import create_app
from tests.integration.people import TEST_CLIENT, bearer, token_for

PASSWORD = "kata-sandi-rahasia-1"
NIP = "198503122010012003"


def person_body(username: str, **extra) -> dict:
    return {"username": username, "password": PASSWORD, "name": f"Petugas {username}", "nip": None,
            "office": "Dinas Tenaga Kerja dan Transmigrasi", "position": "Pengelola Data", "roles": ["petugas"],
            "regencies": ["6101"], **extra}


async def password_grant(console, username: str, password: str = PASSWORD, **extra) -> httpx.Response:
    return await console.post("/token", data={"grant_type": "password", "client_id": TEST_CLIENT,
                                              "username": username, "password": password, **extra})


async def test_discovery_and_jwks(infra, api):
    console = await api("console", key=None)
    config = (await console.get("/.well-known/openid-configuration")).json()
    assert config["issuer"] == infra.env["LINDUNG_CONSOLE_ISSUER"]
    assert config["code_challenge_methods_supported"] == ["S256"] and "password" in config["grant_types_supported"]
    keys = (await console.get("/.well-known/jwks.json")).json()["keys"]
    assert keys and all("d" not in key and key["kid"] for key in keys)


async def test_persons_are_validated_listed_and_deactivated(infra, api):
    console = await api("console")
    bad = await console.post("/v1/persons", json=person_body("siti.bad", nip="198513122010012003"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "nip"
    for body, field in ((person_body("x", roles=["tukang"]), "username"),
                        (person_body("siti.r", roles=["tukang"]), "roles"),
                        (person_body("siti.r", nip="198503122010013003"), "nip")):
        response = await console.post("/v1/persons", json=body)
        assert response.status_code == 422 and field in {e["field"] for e in response.json()["errors"]}, body
    created = await console.post("/v1/persons", json=person_body("siti.list", nip=NIP))
    assert created.status_code == 201, created.text
    assert (await console.post("/v1/persons", json=person_body("siti.list"))).status_code == 409
    await console.post("/v1/persons", json=person_body("siti.list2"))
    page = (await console.get("/v1/persons", params={"regency_code": "6101", "limit": 1})).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = (await console.get("/v1/persons", params={"regency_code": "6101", "cursor": page["next_cursor"]})).json()
    assert page["items"][0]["username"] not in {p["username"] for p in rest["items"]}
    assert (await console.get("/v1/persons", params={"office": "x"})).status_code == 422
    assert (await password_grant(console, "siti.list")).status_code == 200
    person_id = created.json()["id"]
    assert (await console.post(f"/v1/persons/{person_id}/deactivate")).json()["active"] is False
    assert (await password_grant(console, "siti.list")).json()["error"] == "invalid_grant"


async def test_a_regency_admin_creates_persons_of_their_regency_only(infra, api):
    console = await api("console", key=None)
    admin = bearer(token_for(infra, sub="p-admin-6101", name="Admin Sambas", roles=["admin"], regencies=["6101"]))
    assert (await console.post("/v1/persons", json=person_body("by.admin"), headers=admin)).status_code == 201
    other = person_body("by.admin.6405", regencies=["6405"])
    assert (await console.post("/v1/persons", json=other, headers=admin)).status_code == 403
    petugas = bearer(token_for(infra, sub="p-petugas", name="Petugas", roles=["petugas"], regencies=["6101"]))
    assert (await console.post("/v1/persons", json=person_body("by.petugas"), headers=petugas)).status_code == 403
    rows = infra.sql("console", "SELECT person_id, person_name FROM audit_log WHERE action = 'person.created' "
                                "AND person_id = 'p-admin-6101'")
    assert rows == [("p-admin-6101", "Admin Sambas")]


async def test_issued_tokens_work_at_the_services_and_refresh_rotates(infra, api):
    console = await api("console")
    await console.post("/v1/persons", json=person_body("rina", nip="199001012015032001", roles=["verifikator"]))
    tokens = (await password_grant(console, "rina")).json()
    registry = await api("registry", key=None)
    audit = await registry.get("/v1/participants", params={"regency_code": "6101", "nik": "6101015506850001"},
                               headers=bearer(tokens["access_token"]))
    assert audit.status_code == 200, audit.text
    info = (await console.get("/userinfo", headers=bearer(tokens["access_token"]))).json()
    assert info["name"] == "Petugas rina" and info["roles"] == ["verifikator"]
    head, payload, signature = tokens["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "regencies": ["*"]}).encode()).decode().rstrip("=")
    for token in (f"{head}.{forged}.{signature}", tokens["id_token"]):  # tampered; an ID token (aud = client)
        refused = await registry.get("/v1/participants", params={"regency_code": "6101", "nik": "6101015506850001"},
                                     headers=bearer(token))
        assert refused.status_code == 401
    refreshed = (await console.post("/token", data={"grant_type": "refresh_token", "client_id": TEST_CLIENT,
                                                     "refresh_token": tokens["refresh_token"]})).json()
    assert refreshed["access_token"] and refreshed["refresh_token"] != tokens["refresh_token"]
    replay = await console.post("/token", data={"grant_type": "refresh_token", "client_id": TEST_CLIENT,
                                                "refresh_token": tokens["refresh_token"]})
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    revoked = await console.post("/token", data={"grant_type": "refresh_token", "client_id": TEST_CLIENT,
                                                 "refresh_token": refreshed["refresh_token"]})
    assert revoked.json()["error"] == "invalid_grant"  # reuse revoked the whole family


async def test_lockout_after_failed_logins(infra, api):
    console = await api("console")
    await console.post("/v1/persons", json=person_body("budi.lock"))
    for _ in range(5):
        assert (await password_grant(console, "budi.lock", "salah-salah-salah")).json()["error"] == "invalid_grant"
    locked = await password_grant(console, "budi.lock")
    assert locked.status_code == 400 and "dikunci" in locked.json()["error_description"]
    row = infra.sql("console", "SELECT failed_logins, locked_until IS NOT NULL FROM persons WHERE username='budi.lock'")
    assert row == [(0, True)]


async def test_failed_logins_per_address_are_rate_limited(infra):
    app = create_app(SPEC, Settings(address_failures=3, address_window_seconds=60))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("10.9.8.7", 1234)), base_url="http://console") as console:
        for i in range(3):
            await password_grant(console, f"nobody{i}", "salah-salah-salah")
        limited = await password_grant(console, "nobody9", "salah-salah-salah")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
        guessing = await console.post("/token", data={"grant_type": "client_credentials", "client_id": "oss-gateway",
                                                      "client_secret": "tebakan"})
        assert guessing.status_code == 429


async def test_totp_is_required_once_enrolled(infra, api):
    console = await api("console")
    created = (await console.post("/v1/persons", json=person_body("kadis", roles=["kepala_dinas"]))).json()
    secret = (await console.post(f"/v1/persons/{created['id']}/totp")).json()["secret"]
    stored = infra.sql("console", "SELECT totp_secret FROM persons WHERE id = %s", (created["id"],))[0][0]
    assert secret not in stored  # sealed at rest (AES-GCM, LINDUNG_CONSOLE_SECRET_KEYS)
    assert (await password_grant(console, "kadis")).json()["error"] == "invalid_grant"
    ok = await password_grant(console, "kadis", otp=pyotp.TOTP(secret).now())
    assert ok.status_code == 200 and ok.json()["access_token"]


async def test_client_credentials_make_a_system_token(infra, api):
    console = await api("console", key=None)
    basic = base64.b64encode(b"oss-gateway:oss-gateway-secret").decode()
    granted = await console.post("/token", data={"grant_type": "client_credentials"},
                                 headers={"Authorization": f"Basic {basic}"})
    assert granted.status_code == 200, granted.text
    wrong = await console.post("/token", data={"grant_type": "client_credentials", "client_id": "oss-gateway",
                                               "client_secret": "nope"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    sanctions = await api("sanctions", key=None)
    answer = await sanctions.get("/v1/clearance", params={"regency_code": "6101", "nib": "1234567890123"},
                                 headers=bearer(granted.json()["access_token"]))
    assert answer.status_code != 401 and answer.status_code != 403, answer.text


async def test_password_grant_only_for_the_test_client_in_the_local_run(infra, api):
    console = await api("console")
    await console.post("/v1/persons", json=person_body("not.local"))
    other = await console.post("/token", data={"grant_type": "password", "client_id": "lindung-console",
                                               "username": "not.local", "password": PASSWORD})
    assert other.json()["error"] == "unauthorized_client"
    app = create_app(SPEC, Settings(local_run=False))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://console") as production:
        refused = await password_grant(production, "not.local")
        assert refused.json()["error"] == "unauthorized_client"


async def test_authorization_code_with_pkce(infra, api):
    console = await api("console")
    await console.post("/v1/persons", json=person_body("dewi.code"))
    issuer = infra.env["LINDUNG_CONSOLE_ISSUER"]
    verifier = "v" * 50
    query = {"response_type": "code", "client_id": TEST_CLIENT, "redirect_uri": f"{issuer}/callback",
             "code_challenge": s256(verifier), "code_challenge_method": "S256", "state": "st-1"}
    evil = {**query, "redirect_uri": "https://evil.example/cb"}
    assert (await console.get("/authorize", params=evil)).status_code == 400
    assert (await console.get("/authorize", params={**query, "code_challenge_method": "plain"})).status_code == 400
    page = await console.get("/authorize", params=query)
    assert page.status_code == 200 and "Kata sandi" in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    wrong = await console.post("/authorize", data={**query, "csrf": csrf, "username": "dewi.code", "password": "x"})
    assert wrong.status_code == 401 and "salah" in wrong.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', wrong.text).group(1)
    done = await console.post("/authorize", data={**query, "csrf": csrf, "username": "dewi.code", "password": PASSWORD})
    assert done.status_code == 303
    answer = parse_qs(urlparse(done.headers["location"]).query)
    assert answer["state"] == ["st-1"] and answer["iss"] == [issuer]
    exchange = {"grant_type": "authorization_code", "client_id": TEST_CLIENT, "code": answer["code"][0],
                "redirect_uri": f"{issuer}/callback"}
    wrong = await console.post("/token", data={**exchange, "code_verifier": "w" * 50})
    assert wrong.json()["error"] == "invalid_grant"
    # a refused exchange used the code up: the right verifier is too late now (one attempt per code)
    assert (await console.post("/token", data={**exchange, "code_verifier": verifier})).status_code == 400


async def test_an_admin_changes_a_persons_roles(infra, api):
    """Pengaturan in the back office: roles replaced, checked against the catalogue, audited."""
    console = await api("console", key=None)
    admin = bearer(token_for(infra, sub="p-admin-roles", name="Admin Sambas", roles=["admin"], regencies=["6101"]))
    created = (await console.post("/v1/persons", json=person_body("ganti.peran"), headers=admin)).json()
    path = f"/v1/persons/{created['id']}/roles"
    bad = await console.put(path, json={"roles": ["raja"]}, headers=admin)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].endswith("roles")
    changed = await console.put(path, json={"roles": ["verifikator", "petugas"]}, headers=admin)
    assert changed.status_code == 200 and changed.json()["roles"] == ["petugas", "verifikator"]
    petugas = bearer(token_for(infra, sub="p-petugas-roles", name="Petugas", roles=["petugas"], regencies=["6101"]))
    assert (await console.put(path, json={"roles": ["admin"]}, headers=petugas)).status_code == 403
    rows = infra.sql("console", "SELECT detail FROM audit_log WHERE action = 'person.roles_changed' "
                                "AND person_id = 'p-admin-roles'")
    assert len(rows) == 1 and "verifikator" in str(rows[0][0])
