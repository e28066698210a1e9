from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from console.persons.domain import MIN_PASSWORD, NIP_PATTERN, USERNAME
from shared.openapi import TEXT_PATTERN

# what shared/text_input.py refuses (C0 and C1 controls but tab and newline, docs/API.md §4): one pattern
TEXT = TEXT_PATTERN


class PersonIn(BaseModel):
    """A person to administer. The domain checks each field with its own message (persons/domain.py:
    person_errors); the shapes it demands are stated in the schema too (`json_schema_extra`)."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=3, max_length=64, json_schema_extra={"pattern": USERNAME.pattern})
    password: str = Field(min_length=1, max_length=200, json_schema_extra={"minLength": MIN_PASSWORD})
    name: str = Field(min_length=1, max_length=200, pattern=TEXT)
    nip: str | None = Field(default=None, max_length=32, json_schema_extra={"pattern": NIP_PATTERN.pattern})
    office: str | None = Field(default=None, max_length=200, pattern=TEXT)
    position: str | None = Field(default=None, max_length=200, pattern=TEXT)
    roles: list[str] = Field(max_length=20, json_schema_extra={"minItems": 1})
    regencies: list[str] = Field(max_length=50, json_schema_extra={
        "minItems": 1, "items": {"type": "string", "pattern": r"^\d{4}$"}})
    villages: list[str] = Field(default_factory=list, max_length=500, json_schema_extra={
        "items": {"type": "string", "pattern": r"^\d{10}$"}})


class RolesIn(BaseModel):
    """A person's roles replaced (admin); they apply from the person's next login."""

    model_config = ConfigDict(extra="forbid")

    roles: list[str] = Field(max_length=20, json_schema_extra={"minItems": 1})


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
