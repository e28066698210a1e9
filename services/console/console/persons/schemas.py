from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

TEXT = r"^[^\x00-\x08\x0b-\x1f\x7f]*$"  # no control characters (docs/API.md §4)


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200, pattern=TEXT)
    nip: str | None = Field(default=None, max_length=32)
    office: str | None = Field(default=None, max_length=200, pattern=TEXT)
    position: str | None = Field(default=None, max_length=200, pattern=TEXT)
    roles: list[str] = Field(max_length=20)
    regencies: list[str] = Field(max_length=50)
    villages: list[str] = Field(default_factory=list, max_length=500)


class RolesIn(BaseModel):
    """A person's roles replaced (admin); they apply from the person's next login."""

    model_config = ConfigDict(extra="forbid")

    roles: list[str] = Field(max_length=20)


class Created(BaseModel):
    id: uuid.UUID


class PersonOut(BaseModel):
    id: uuid.UUID
    username: str
    name: str
    nip: str | None
    office: str | None
    position: str | None
    roles: list[str]
    regencies: list[str]
    villages: list[str]
    active: bool
    totp_enabled: bool


class PersonPage(BaseModel):
    items: list[PersonOut]
    next_cursor: str | None


class TotpOut(BaseModel):
    """Shown once: the person scans it into an authenticator app."""

    provisioning_uri: str
    secret: str
