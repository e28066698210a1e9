"""Checking a person's password (argon2id) and TOTP, with lockout per account and a limit on
failed logins per address. Every refusal looks the same to the caller except lockout and 429."""
from __future__ import annotations

import datetime as dt

import anyio
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from console.oauth.domain import LoginState, after_failure, locked
from console.oauth.models import LoginFailure
from console.oauth.tokens import now_utc
from console.persons import totp
from console.persons.models import Person
from console.persons.service import HASHER
from shared.problems import Problem

# verified when the username is unknown, so both answers take as long (no username probing by timing)
_DUMMY_HASH = HASHER.hash("lindung-no-such-user")


class LoginRefused(Problem):
    status, slug, title = 401, "login-refused", "Login refused"


class TooManyAttempts(Problem):
    status, slug, title = 429, "too-many-login-attempts", "Too many failed logins"

    def __init__(self, detail: str, *, retry_after: int):
        super().__init__(detail, retry_after=retry_after)
        self.headers = {"Retry-After": str(retry_after)}


WRONG = "Nama pengguna, kata sandi atau kode OTP salah (wrong username, password or one-time code)"


async def _address_check(session: AsyncSession, settings, address: str) -> None:
    since = now_utc() - dt.timedelta(seconds=settings.address_window_seconds)
    await session.execute(delete(LoginFailure).where(LoginFailure.at < since))
    failures = await session.scalar(select(func.count()).where(LoginFailure.address == address,
                                                               LoginFailure.at >= since))
    if failures >= settings.address_failures:
        raise TooManyAttempts("Terlalu banyak percobaan masuk yang gagal dari alamat ini; coba lagi nanti "
                              "(too many failed logins from this address)",
                              retry_after=settings.address_window_seconds)


def _password_ok(hash_: str, password: str) -> bool:
    try:
        return HASHER.verify(hash_, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def refuse_client(sessions: async_sessionmaker, settings, address: str) -> None:
    """A wrong client secret counts as a failed login of its address (429 once over the limit)."""
    async with sessions() as session, session.begin():
        await _address_check(session, settings, address)
        session.add(LoginFailure(address=address))


async def authenticate(sessions: async_sessionmaker, settings, *, username: str, password: str,
                       otp: str | None, address: str, cipher=None) -> Person:
    """The active person these credentials name, or LoginRefused / TooManyAttempts."""
    async with sessions() as session, session.begin():
        await _address_check(session, settings, address)
        person = (await session.execute(select(Person).where(Person.username == username.strip().lower())
                                        .with_for_update())).scalar_one_or_none()
        now = now_utc()
        if person is not None and locked(LoginState(person.failed_logins, person.locked_until), now):
            raise LoginRefused("Akun dikunci sementara karena terlalu banyak percobaan gagal; coba lagi nanti "
                               "(account temporarily locked)", locked=True)
        # argon2id is deliberately slow: verify off the event loop
        password_ok = await anyio.to_thread.run_sync(_password_ok, person.password_hash if person else _DUMMY_HASH,
                                                     password)
        otp_ok = person is not None and (person.totp_secret is None
                                         or totp.code_ok(cipher, person.id, person.totp_secret, otp))
        if person is not None and person.active and password_ok and otp_ok:
            person.failed_logins, person.locked_until = 0, None
            return person
        session.add(LoginFailure(address=address))
        if person is not None:
            state = after_failure(LoginState(person.failed_logins, person.locked_until), now,
                                  threshold=settings.lockout_after, lock_seconds=settings.lockout_seconds)
            person.failed_logins, person.locked_until = state.failed, state.locked_until
    raise LoginRefused(WRONG, otp_required=bool(person is not None and person.totp_secret and password_ok))
