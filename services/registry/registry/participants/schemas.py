from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.answers import Answer, Timestamp
from shared.bounds import BirthDate


class ParticipantIn(BaseModel):
    """docs/API.md §7 registration body (Lamandau Pasal 27(1) fields)."""

    # coordinates go in pairs (the domain refuses one without the other): said in the document as anyOf
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"anyOf": [
        {"properties": {"latitude": {"type": "null"}, "longitude": {"type": "null"}}},
        {"required": ["latitude", "longitude"],
         "properties": {"latitude": {"type": "number"}, "longitude": {"type": "number"}}}]})

    regency_code: str = Field(pattern=r"^\d{4}$")
    # the domain checks it (16 digits, a known region, the birth date in digits 7-12) with its own message;
    # the schema states the shape so generated requests are not refused for it
    nik: str = Field(json_schema_extra={"pattern": r"^\d{16}$"})
    full_name: str = Field(min_length=1, max_length=200)
    birth_place: str = Field(min_length=1, max_length=100)
    birth_date: BirthDate
    sex: Literal["M", "F"]
    mother_maiden_name: str = Field(min_length=1, max_length=200)
    address: str = Field(min_length=1, max_length=500)
    village_code: str | None = Field(default=None, pattern=r"^\d{10}$")
    latitude: float | None = Field(default=None, strict=True, ge=-90, le=90)
    longitude: float | None = Field(default=None, strict=True, ge=-180, le=180)
    worker_type: Literal["pu", "bpu"]
    category: str = Field(min_length=1, max_length=100)
    occupation: str | None = Field(default=None, max_length=200)
    employer_id: uuid.UUID | None = None


PARTICIPANT_EXAMPLE = {
    "id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c", "regency_code": "6207", "nik": "620701******0001", "nik_masked": True,
    "full_name": "Siti Aminah", "birth_place": "Nanga Bulik", "birth_date": None, "birth_year": 1990, "sex": "F",
    "mother_maiden_name": None, "address": None, "latitude": None, "longitude": None, "village_code": "6207012001",
    "village_kind": "desa", "worker_type": "bpu", "category": "vulnerable_worker", "occupation": "farmer",
    "employer_id": None, "status": "active", "created_at": "2026-01-15T08:00:00Z"}


class ParticipantOut(BaseModel):
    """Peserta / A participant as the client may see it: NIK masked and personal fields withheld
    without `pii:read` (docs/API.md §7); extra fields may follow."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [PARTICIPANT_EXAMPLE]})
    id: uuid.UUID
    regency_code: str
    nik: str
    nik_masked: bool
    full_name: str
    birth_place: str
    birth_date: dt.date | None = Field(None, description="only with `pii:read` (it would rebuild the masked NIK)")
    birth_year: int
    sex: str
    mother_maiden_name: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    village_code: str | None
    worker_type: str
    category: str
    occupation: str | None
    employer_id: uuid.UUID | None
    status: str
    created_at: dt.datetime


class ParticipantCreated(BaseModel):
    """Terdaftar / Registered: 201 with the id (the same NIK twice in a regency: 409)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c", "regency_code": "6207", "nik": "620701******0001",
        "status": "active", "village_kind": "desa", "notices": []}]})
    id: uuid.UUID
    regency_code: str
    nik: str
    status: str


class ResolveIn(BaseModel):
    """NIKs of one regency to turn into participant ids (a BPJS invoice imported per NIK)."""

    model_config = ConfigDict(extra="forbid")

    regency_code: str = Field(pattern=r"^\d{4}$")
    niks: list[str] = Field(max_length=20_000, description="at most 20,000 per call (resolve.MAX_NIKS)")


class ResolveOut(BaseModel):
    """By position: `participant_ids[i]` answers `niks[i]` (null: not registered in the regency).
    No NIK is echoed."""

    participant_ids: list[uuid.UUID | None]
    resolved: int
    unknown: int


class ParticipantPatch(BaseModel):
    """Perbaikan data peserta / a correction of a participant's record: only the fields sent change. The
    NIK, birth date and sex are the identity (a wrong one is ended with `identity_error` and registered
    anew); the rest is checked against the regency's lists as at registration."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # a field registration requires may be corrected, never emptied: absent means unchanged, null is refused
    # (typed without None, so the document says so too)
    full_name: str = Field(default=None, min_length=1, max_length=200)
    birth_place: str = Field(default=None, min_length=1, max_length=100)
    mother_maiden_name: str = Field(default=None, min_length=1, max_length=200)
    address: str = Field(default=None, min_length=1, max_length=500)
    village_code: str | None = Field(default=None, pattern=r"^\d{10}$")
    worker_type: Literal["pu", "bpu"] = None
    category: str = Field(default=None, min_length=1, max_length=100)
    occupation: str | None = Field(default=None, max_length=200)


class ParticipantChanged(BaseModel):
    """Diperbaiki / corrected: which fields changed (values are not echoed) and which were announced."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c", "regency_code": "6207", "nik": "620701******0001",
        "status": "active", "changed": ["address", "occupation"], "announced": ["occupation"]}]})
    id: uuid.UUID
    regency_code: str
    nik: str
    status: str
    changed: list[str]
    announced: list[str]


class ParticipantItem(Answer):
    """Satu peserta dalam daftar / one participant in a list or a NIK lookup: the masked NIK and the birth
    year; the name only for `pii:read`. The exact NIK lookup answers the whole participant
    (`ParticipantOut`'s fields)."""

    id: uuid.UUID
    regency_code: str
    nik: str
    nik_masked: bool
    full_name: str | None
    birth_year: int
    sex: str
    village_code: str | None
    village_kind: str | None
    worker_type: str
    category: str
    occupation: str | None
    employer_id: uuid.UUID | None
    created_at: Timestamp


class ParticipantList(Answer):
    """Peserta / participants: a page of a regency's list (`next_cursor`, `total`), or the answer of the
    exact NIK lookup (`count`: 0 or 1, `next_cursor` null)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "items": [{key: PARTICIPANT_EXAMPLE[key] for key in (
            "id", "regency_code", "nik", "nik_masked", "full_name", "birth_year", "sex", "village_code",
            "village_kind", "worker_type", "category", "occupation", "employer_id", "created_at")}],
        "next_cursor": None, "total": 1}]})
    items: list[ParticipantItem]
    next_cursor: str | None
    total: int | None = Field(None, description="matching participants (lists only)")
    count: int | None = Field(None, description="participants found (NIK lookup only)")
