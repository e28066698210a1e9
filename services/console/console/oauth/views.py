"""The issuer's endpoints (OpenID Connect Discovery, JWKS, authorize with a login page, token,
userinfo); logout is the console's (web/views.py), announced as end_session_endpoint."""
from __future__ import annotations

import base64
import binascii
import secrets
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from console.oauth import login
from console.oauth.domain import CHALLENGE
from console.oauth.schemas import TOKEN_FORM, Jwks, OpenIdConfiguration, TokenAnswer, UserInfo
from console.oauth.tokens import (
    OAuthError,
    RefreshReused,
    consume_code,
    create_code,
    revoke_family,
    system_token,
    token_response,
    use_refresh,
)
from console.persons.models import Person
from console.web.pages import Page, error_page, login_page
from shared.app import runtime_of
from shared.auth import Client, authenticated

router = APIRouter(tags=["openid-connect"])
AUTHZ_PARAMS = ("response_type", "client_id", "redirect_uri", "code_challenge", "code_challenge_method", "state",
                "scope", "nonce")
CSRF_COOKIE = "lindung_login_csrf"
# the login page answers a browser: its refusals are pages too (tests/integration/identity/test_browser_login.py)
LOGIN_PAGE_REFUSALS = {code: {"description": text, "content": {"text/html": {}}} for code, text in (
    (400, "Permintaan otorisasi tidak sah / not an acceptable authorization request"),
    (401, "Masuk ditolak / login refused"), (429, "Terlalu banyak percobaan / too many failed logins"))}


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _issuer(request: Request) -> str:
    return runtime_of(request).settings.issuer.rstrip("/")


@router.get("/.well-known/openid-configuration", response_model=OpenIdConfiguration)
async def discovery(request: Request):
    base = _issuer(request)
    return {"issuer": base, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo", "jwks_uri": f"{base}/.well-known/jwks.json",
            "end_session_endpoint": f"{base}/logout", "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"]
            + (["password"] if runtime_of(request).settings.local_run else []),
            "code_challenge_methods_supported": ["S256"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "profile"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
            "claims_supported": ["sub", "name", "preferred_username", "nip", "office", "position", "roles",
                                 "regencies", "villages"]}


@router.get("/.well-known/jwks.json", response_model=Jwks)
async def jwks(request: Request):
    return JSONResponse(runtime_of(request).extras["keys"].public_jwks(),
                        headers={"Cache-Control": "public, max-age=300"})


def _authorization_request(request: Request, params: dict) -> str | None:
    """An error message for a request that must not be redirected back, or None when acceptable."""
    client = runtime_of(request).extras["oauth_clients"].get(params.get("client_id") or "")
    if client is None or "authorization_code" not in client.grants:
        return "Aplikasi (client_id) tidak dikenal."
    if params.get("redirect_uri") not in client.redirect_uris:
        return "Alamat kembali (redirect_uri) tidak terdaftar untuk aplikasi ini."
    if params.get("response_type") != "code" or params.get("code_challenge_method") != "S256" \
            or not CHALLENGE.match(params.get("code_challenge") or ""):
        return "Permintaan harus memakai kode otorisasi dengan PKCE S256."
    return None


def _login_form(request: Request, params: dict, error: str | None = None, status: int = 200) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    response = Page(login_page(params, csrf, error), status_code=status)
    response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/authorize",
                        secure=_issuer(request).startswith("https"))
    return response


@router.get("/authorize", response_class=HTMLResponse, responses=LOGIN_PAGE_REFUSALS)
async def authorize(request: Request):
    params = {k: v for k, v in request.query_params.items() if k in AUTHZ_PARAMS}
    problem = _authorization_request(request, params)
    if problem:
        return Page(error_page(problem), status_code=400)
    return _login_form(request, params)


@router.post("/authorize", response_class=HTMLResponse, responses={**LOGIN_PAGE_REFUSALS, 303: {
    "description": "Masuk / signed in: back to `redirect_uri` with `code`, `state`, `iss`"}})
async def authorize_login(request: Request):
    form = await request.form()
    params = {k: str(form.get(k)) for k in AUTHZ_PARAMS if form.get(k) is not None}
    problem = _authorization_request(request, params)
    if problem:
        return Page(error_page(problem), status_code=400)
    csrf = request.cookies.get(CSRF_COOKIE)
    if not csrf or not secrets.compare_digest(csrf, str(form.get("csrf") or "")):
        return _login_form(request, params, "Formulir kedaluwarsa; silakan coba lagi.", 400)
    runtime = runtime_of(request)
    try:
        person = await login.authenticate(runtime.sessions, runtime.settings, username=str(form.get("username", "")),
                                          password=str(form.get("password", "")),
                                          otp=str(form.get("otp") or "") or None,
                                          address=_address(request), cipher=runtime.extras["cipher"])
    except login.TooManyAttempts as exc:
        response = _login_form(request, params, exc.detail, 429)
        response.headers.update(exc.headers)
        return response
    except login.LoginRefused as exc:
        return _login_form(request, params, exc.detail, 401)
    async with runtime.sessions() as session, session.begin():
        code = await create_code(session, person=person, client_id=params["client_id"],
                                 redirect_uri=params["redirect_uri"], challenge=params["code_challenge"],
                                 nonce=params.get("nonce"), lifetime=runtime.settings.code_seconds)
    answer = {"code": code, "iss": _issuer(request), **({"state": params["state"]} if "state" in params else {})}
    response = RedirectResponse(f"{params['redirect_uri']}?{urlencode(answer)}", status_code=303)
    response.delete_cookie(CSRF_COOKIE, path="/authorize")
    return response


def _client_credentials(request: Request, form) -> tuple[str, str | None]:
    """client_secret_basic or client_secret_post (or a public client: id only)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            client_id, _, secret = base64.b64decode(value).decode().partition(":")
        except (ValueError, binascii.Error):
            raise OAuthError("invalid_client", "Malformed Basic credentials", status=401) from None
        return client_id, secret
    return str(form.get("client_id") or ""), (str(form["client_secret"]) if form.get("client_secret") else None)


async def _person(session: AsyncSession, person_id) -> Person:
    person = await session.get(Person, person_id)
    if person is None or not person.active:
        raise OAuthError("invalid_grant", "The person is no longer active")
    return person


@router.post("/token", response_model=TokenAnswer, openapi_extra=TOKEN_FORM, responses={
    400: {"description": "RFC 6749 §5.2 `error` (e.g. `invalid_grant`) in a problem document"},
    401: {"description": "Unknown client or wrong secret (`invalid_client`)"},
    429: {"description": "Too many failed logins from this address; see Retry-After"}}, description=(
        "OAuth 2.0 token endpoint: `authorization_code` (PKCE S256), `refresh_token` (rotating), "
        "`client_credentials` (systems), and `password` only for the client `lindung-local-tests` in the local run."))
async def token(request: Request):
    runtime = runtime_of(request)
    settings, keys = runtime.settings, runtime.extras["keys"]
    form = await request.form()
    client_id, secret = _client_credentials(request, form)
    client = runtime.extras["oauth_clients"].get(client_id)
    if client is None or not client.secret_matches(secret):
        await login.refuse_client(runtime.sessions, settings, _address(request))
        raise OAuthError("invalid_client", "Unknown client or wrong secret", status=401)
    grant = str(form.get("grant_type") or "")
    if grant not in client.grants:
        raise OAuthError("unauthorized_client", f"The client may not use the grant '{grant}'")
    if grant == "client_credentials":
        return JSONResponse(system_token(settings, keys, client), headers={"Cache-Control": "no-store"})
    person = None
    if grant == "password":
        try:
            person = await login.authenticate(runtime.sessions, settings, username=str(form.get("username", "")),
                                              password=str(form.get("password", "")), otp=form.get("otp") or None,
                                              address=_address(request), cipher=runtime.extras["cipher"])
        except login.LoginRefused as exc:
            raise OAuthError("invalid_grant", exc.detail) from None
    try:
        body = await _grant(runtime, grant, form, client_id, person)
    except RefreshReused as reused:
        async with runtime.sessions() as session, session.begin():
            await revoke_family(session, reused.family_id)
        raise OAuthError("invalid_grant", "Refresh token already used; the session is revoked") from None
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


async def _grant(runtime, grant: str, form, client_id: str, person: Person | None) -> dict:
    settings, keys = runtime.settings, runtime.extras["keys"]
    code = None
    if grant == "authorization_code":
        code = await consume_code(runtime.sessions, code=str(form.get("code", "")), client_id=client_id,
                                  redirect_uri=str(form.get("redirect_uri", "")), verifier=form.get("code_verifier"))
    async with runtime.sessions() as session, session.begin():
        if code is not None:
            body = await token_response(session, settings, keys, await _person(session, code.person_id),
                                        client_id=client_id, nonce=code.nonce)
        elif grant == "refresh_token":
            row = await use_refresh(session, token=str(form.get("refresh_token", "")), client_id=client_id)
            body = await token_response(session, settings, keys, await _person(session, row.person_id),
                                        client_id=client_id, family=row.family_id)
        else:
            body = await token_response(session, settings, keys, person, client_id=client_id)
    return body


@router.get("/userinfo", response_model=UserInfo, openapi_extra={"security": [{"BearerJWT": []}]})  # a person's
async def userinfo(client: Client = Depends(authenticated)):
    person = client.person
    if person is None:
        raise OAuthError("invalid_token", "Not a person's token", status=401)
    return {"sub": person.id, "name": person.name, "nip": person.nip, "office": person.office,
            "position": person.position, "roles": sorted(person.roles), "regencies": sorted(client.regencies)}
