from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from shared.answers import Answer, Timestamp
from shared.bounds import PlannedDate


class MembershipIn(BaseModel):
    """docs/API.md §7: `{"programs": [...], "start_date", "funding": "self"|"employer"|"aid"}`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    programs: list[str] = Field(max_length=5)
    start_date: PlannedDate
    funding: str = Field(max_length=32)


class TerminationIn(BaseModel):
    """docs/API.md §7: `{"reason", "effective_date", "decree_number"}`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(max_length=64)
    effective_date: PlannedDate
    decree_number: str | None = Field(default=None, max_length=200)


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class StartedMembership(Answer):
    id: str
    programme: str
    version: int


class MembershipStarted(Answer):
    """Kepesertaan dimulai / Memberships started: one per programme, one enrollment id (201; a retried
    request with the same `Idempotency-Key` gets the first answer)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "membership_id": "5a0c7c1e-2f6d-4b1a-9f3e-7d2c1b0a9e8f",
        "participant_id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c",
        "programs": ["JKK", "JKM"], "start_date": "2026-01-15", "funding": "aid",
        "memberships": [{"id": "9b1e2d3c-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "programme": "JKK", "version": 1}],
        "citations": ["Perbup Lamandau No. 25/2024 Pasal 5"]}]})
    membership_id: str
    participant_id: str
    programs: list[str]
    start_date: dt.date
    funding: str
    memberships: list[StartedMembership]
    citations: list[str]


class ClosedMembership(Answer):
    id: str
    programme: str
    version: int
    end_date: dt.date | None


class MembershipsTerminated(Answer):
    """Kepesertaan diakhiri / Memberships ended: a new version of each open membership, with the
    parties the regency's procedure tells in writing (`notify`)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "participant_id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c",
        "membership_ids": ["5a0c7c1e-2f6d-4b1a-9f3e-7d2c1b0a9e8f"],
        "closed": [{"id": "9b1e2d3c-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "programme": "JKK", "version": 2,
                    "end_date": "2026-03-31"}],
        "reason": "no_longer_vulnerable", "reason_label": "Tidak lagi rentan", "notify": [],
        "citations": ["Perbup Lamandau No. 25/2024 Pasal 9"]}]})
    participant_id: str
    membership_ids: list[str]
    closed: list[ClosedMembership]
    reason: str
    reason_label: str
    notify: list[str]
    citations: list[str]


class MembershipVersionView(Answer):
    membership_id: str
    version: int
    enrollment_id: str
    programme: str
    start_date: dt.date
    funding: str
    end_date: dt.date | None
    end_reason: str | None
    decree_number: str | None
    source: str
    recorded_at: Timestamp


class ActiveMembership(Answer):
    id: str
    programme: str
    start_date: dt.date
    funding: str


class BpjsMembershipView(Answer):
    """What BPJS Ketenagakerjaan last reported for the person (membership sync)."""

    kpj_number: str | None
    programs: list[str]
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    batch_id: str
    synced_at: Timestamp | None


class MembershipHistory(Answer):
    """Riwayat kepesertaan / Membership history: every version, the memberships open today, and what
    BPJS last reported (null: never synced)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "participant_id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c",
        "items": [{"membership_id": "9b1e2d3c-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "version": 1,
                   "enrollment_id": "5a0c7c1e-2f6d-4b1a-9f3e-7d2c1b0a9e8f", "programme": "JKK",
                   "start_date": "2026-01-15", "funding": "aid", "end_date": None, "end_reason": None,
                   "decree_number": None, "source": "registry", "recorded_at": "2026-01-15T08:00:00+00:00"}],
        "active": [{"id": "9b1e2d3c-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "programme": "JKK", "start_date": "2026-01-15",
                    "funding": "aid"}], "bpjs": None}]})
    participant_id: str
    items: list[MembershipVersionView]
    active: list[ActiveMembership]
    bpjs: BpjsMembershipView | None
