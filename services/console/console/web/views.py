"""The console's login (a client of the issuer by authorization code + PKCE; the pages, `/` included,
are in console/backoffice): `/masuk` starts the login, `/callback` finishes it, `/logout` ends the session (also the
issuer's end_session_endpoint)."""
from __future__ import annotations

import datetime as dt
import secrets
import uuid
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import delete

from console.oauth.clients import CONSOLE
from console.oauth.domain import s256
from console.oauth.models import BrowserSession
from console.oauth.tokens import OAuthError, consume_code, digest, now_utc, revoke_family, token_response
from console.persons.models import Person
from console.web.pages import Page, error_page, logged_out_page
from shared.app import runtime_of

router = APIRouter(tags=["console"])
COOKIE = "lindung_session"


def _cookie(request: Request, response, value: str, max_age: int) -> None:
    response.set_cookie(COOKIE, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=runtime_of(request).settings.issuer.startswith("https"))


async def _session(request: Request) -> BrowserSession | None:
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    async with runtime_of(request).sessions() as session:
        row = await session.get(BrowserSession, digest(value))
    return row if row is not None and row.expires_at > now_utc() else None


@router.get("/masuk", include_in_schema=False)
async def start_login(request: Request):
    runtime = runtime_of(request)
    base = runtime.settings.issuer.rstrip("/")
    value, state, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(16), secrets.token_urlsafe(48)
    async with runtime.sessions() as session, session.begin():
        session.add(BrowserSession(id_sha256=digest(value), state=state, code_verifier=verifier,
                                   expires_at=now_utc() + dt.timedelta(minutes=10)))
    query = {"response_type": "code", "client_id": CONSOLE, "redirect_uri": f"{base}/callback",
             "scope": "openid profile", "state": state, "code_challenge": s256(verifier),
             "code_challenge_method": "S256", "nonce": secrets.token_urlsafe(16)}
    response = RedirectResponse(f"{base}/authorize?{urlencode(query)}", status_code=303)
    _cookie(request, response, value, 600)
    return response


@router.get("/callback", response_class=HTMLResponse, include_in_schema=False)
async def callback(request: Request):
    runtime = runtime_of(request)
    row = await _session(request)
    state, code = request.query_params.get("state", ""), request.query_params.get("code", "")
    if row is None or not row.state or not secrets.compare_digest(row.state, state) or not code:
        return Page(error_page("Sesi masuk tidak dikenal atau kedaluwarsa; silakan masuk lagi."), 400)
    value, family = secrets.token_urlsafe(32), uuid.uuid4()
    try:
        granted = await consume_code(runtime.sessions, code=code, client_id=CONSOLE,
                                     redirect_uri=f"{runtime.settings.issuer.rstrip('/')}/callback",
                                     verifier=row.code_verifier)
    except OAuthError as exc:
        return Page(error_page(exc.detail), 400)
    async with runtime.sessions() as session, session.begin():
        person = await session.get(Person, granted.person_id)
        await token_response(session, runtime.settings, runtime.extras["keys"], person, client_id=CONSOLE,
                             family=family)
        await session.execute(delete(BrowserSession).where(BrowserSession.id_sha256 == row.id_sha256))
        # a new session id after login (no fixation of the pre-login cookie)
        session.add(BrowserSession(id_sha256=digest(value), person_id=person.id, refresh_family=family,
                                   expires_at=now_utc() + dt.timedelta(seconds=runtime.settings.session_seconds)))
    response = RedirectResponse("/", status_code=303)
    _cookie(request, response, value, runtime.settings.session_seconds)
    return response


@router.api_route("/logout", methods=["GET", "POST"], response_class=HTMLResponse, include_in_schema=False)
async def logout(request: Request):
    row = await _session(request)
    if row is not None:
        async with runtime_of(request).sessions() as session, session.begin():
            if row.refresh_family:
                await revoke_family(session, row.refresh_family)
            await session.execute(delete(BrowserSession).where(BrowserSession.id_sha256 == row.id_sha256))
    response = Page(logged_out_page())
    response.delete_cookie(COOKIE)
    return response
