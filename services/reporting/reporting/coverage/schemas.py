"""Answers of the coverage read model (shared/answers.py: the fields named here, possibly more, exactly
as the handler wrote them)."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from shared.answers import Answer, Number, Timestamp


class GroupCount(Answer):
    participants: int
    active_memberships: int


class CoverageOut(Answer):
    """Cakupan kepesertaan / docs/API.md §10: participants, active memberships, aid-funded, by programme,
    category, sex, age band and funding (`breakdowns` adds active memberships and the district), the
    workforce estimate and UCJ target in force, and the newest event the read model reflects."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regency_code": "6207", "as_of": "2026-01-15", "participants": 1200, "active_memberships": 1100,
        "aid_funded": 800, "by_program": {"JKK": 1100, "JKM": 1100}, "by_category": {"vulnerable_worker": 900},
        "by_sex": {"F": 600, "M": 600}, "by_age_band": {"18-29": 300}, "by_funding": {"aid": 800},
        "breakdowns": {"category": {"vulnerable_worker": {"participants": 900, "active_memberships": 850}}},
        "workforce_estimate": 45000, "ucj_target_percent": 60, "interim_target_percent": None,
        "target_source": None, "coverage_percent": 2.44, "coverage_ratio": 0.0244, "target_ratio": 0.6,
        "newest_event_at": "2026-01-15T08:00:00+00:00", "events_applied": 5230}]})
    regency_code: str
    as_of: dt.date
    participants: int
    active_memberships: int
    aid_funded: int
    by_program: dict[str, int]
    by_category: dict[str, int]
    by_sex: dict[str, int]
    by_age_band: dict[str, int]
    by_funding: dict[str, int]
    breakdowns: dict[str, dict[str, GroupCount]]
    workforce_estimate: int | None
    ucj_target_percent: Number | None
    interim_target_percent: Number | None
    target_source: str | None
    coverage_percent: Number | None
    coverage_ratio: Number | None = Field(description="active memberships ÷ the workforce estimate (null: none)")
    target_ratio: Number | None
    newest_event_at: Timestamp | None
    events_applied: int


class VillageCount(Answer):
    """A village's counts; a count below the regency's small-cell threshold is null and flagged
    (`small_cell`), as are the complementary cells that would reveal it (`complementary`)."""

    district_code: str | None
    district_name: str | None
    village_code: str | None
    village_name: str | None
    participants: int | None
    participants_suppressed: Literal["small_cell", "complementary"] | None
    participants_display: str
    active_memberships: int | None
    active_memberships_suppressed: Literal["small_cell", "complementary"] | None
    active_memberships_display: str


class VillageCoverage(Answer):
    """Cakupan per desa / participants and active memberships per village, small cells suppressed."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regency_code": "6207", "as_of": "2026-01-15", "small_cell_threshold": 5, "villages": [{
            "district_code": "620701", "district_name": "Bulik", "village_code": "6207012001",
            "village_name": "Nanga Bulik", "participants": 120, "participants_suppressed": None,
            "participants_display": "120", "active_memberships": None, "active_memberships_suppressed": "small_cell",
            "active_memberships_display": "<5"}]}]})
    regency_code: str
    as_of: dt.date
    small_cell_threshold: int
    villages: list[VillageCount]
