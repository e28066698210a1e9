"""Issuer state: one-time authorization codes, rotating refresh tokens, failed logins per address,
browser sessions of the console's home page. Secrets are stored as SHA-256 digests only."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, DateTime, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from console.database import Base


class AuthorizationCode(Base):
    __tablename__ = "authorization_codes"

    code_sha256: Mapped[str] = mapped_column(Text, primary_key=True)
    client_id: Mapped[str] = mapped_column(Text)
    redirect_uri: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str] = mapped_column(Text)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    nonce: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"

    token_sha256: Mapped[str] = mapped_column(Text, primary_key=True)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    client_id: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    address: Mapped[str] = mapped_column(Text, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BrowserSession(Base):
    """The console home page's own login (it is a client of the issuer, by code + PKCE)."""

    __tablename__ = "browser_sessions"

    id_sha256: Mapped[str] = mapped_column(Text, primary_key=True)
    state: Mapped[str | None] = mapped_column(Text, unique=True)
    code_verifier: Mapped[str | None] = mapped_column(Text)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    refresh_family: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
