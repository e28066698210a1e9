"""Who is at the keyboard: the browser session (cookie -> BrowserSession row), its idle timeout, its
CSRF token, and the person's access token, minted here on the server and never sent to the browser."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from fastapi import Request

from console.oauth.clients import CONSOLE
from console.oauth.domain import access_claims
from console.oauth.models import BrowserSession
from console.oauth.tokens import digest, identity_of, now_utc
from console.persons.models import Person
from console.web.views import COOKIE
from shared.app import runtime_of


@dataclass(frozen=True)
class Staff:
    person: Person
    token: str
    csrf: str


def csrf_of(cookie: str) -> str:
    """Bound to the session cookie, which scripts cannot read (HttpOnly): a forged form cannot carry it."""
    return hmac.new(cookie.encode(), b"lindung-console-csrf", hashlib.sha256).hexdigest()


def csrf_ok(request: Request, sent: str | None) -> bool:
    cookie = request.cookies.get(COOKIE) or ""
    return bool(cookie and sent) and secrets.compare_digest(csrf_of(cookie), str(sent))


async def staff_of(request: Request) -> Staff | None:
    """The logged-in person, sliding the idle timeout; None when there is no live session."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    runtime = runtime_of(request)
    async with runtime.sessions() as session, session.begin():
        row = await session.get(BrowserSession, digest(cookie))
        if row is None or row.person_id is None or row.expires_at <= now_utc():
            return None
        person = await session.get(Person, row.person_id)
        if person is None or not person.active:
            return None
        row.expires_at = now_utc() + dt.timedelta(seconds=runtime.settings.idle_seconds)
    return Staff(person, _token(runtime, person), csrf_of(cookie))


def _token(runtime, person: Person) -> str:
    settings = runtime.settings
    claims = access_claims(identity_of(person), issuer=settings.issuer, audience=settings.oidc_audience,
                           client_id=CONSOLE, now=int(time.time()), lifetime=settings.access_token_seconds,
                           jti=secrets.token_hex(12))
    return runtime.extras["keys"].sign(claims)
