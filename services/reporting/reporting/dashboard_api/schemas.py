"""Answers of the dashboard API (shared/answers.py: the fields named here, possibly more, exactly as the
handler wrote them). The sections' inner shape is documented field by field in dashboard/DATA.md."""
from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from reporting.coverage.schemas import VillageCount
from shared.answers import Answer, Timestamp


class RegencyRef(Answer):
    code: str
    name: str


class DashboardRegencies(Answer):
    """Kabupaten yang boleh dilihat / the regencies the client may see on the dashboard."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regencies": [{"code": "6207", "name": "Lamandau"}]}]})
    regencies: list[RegencyRef]


class DashboardData(Answer):
    """Data dasbor / everything the dashboard draws for a regency, year to date (dashboard/DATA.md):
    summary, monthly coverage history, districts, villages (small cells suppressed), programmes,
    categories, budgets, sanctions and construction projects."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "schema_version": 1, "regency": {"code": "6207", "name": "Lamandau"},
        "period": {"label": "Tahun 2026", "kind": "Dasbor", "legal_basis": None},
        "generated_at": "2026-01-15T08:00:00+00:00", "data_as_of": "2026-01-15T07:59:00+00:00",
        "summary": {"participants": 1200, "active_memberships": 1100, "aid_funded": 800, "workforce_estimate": 45000,
                    "coverage_percent": 2.44, "ucj_target_percent": 60, "interim_target_percent": None},
        "coverage_history": [], "districts": [], "villages": [], "programs": [], "categories": [], "budgets": [],
        "sanctions": {"rows": [], "totals": {"cases_open": 0, "imposed": 0, "lifted": 0}},
        "construction": {"on_time": 0, "late": 0, "pending": 0, "overdue_count": 0, "overdue": []},
        "small_cell": {"threshold": 5, "legend": "<5: kurang dari 5"}}]})
    schema_version: int
    regency: dict[str, Any] | None
    period: dict[str, Any] | None
    generated_at: Timestamp | None
    data_as_of: Timestamp | None
    summary: dict[str, Any]
    national_targets: list[dict[str, Any]] = Field(
        default=[], description="national coverage targets in force, `{label, text}` (national/targets.yaml)")
    coverage_history: list[dict[str, Any]]
    districts: list[dict[str, Any]]
    villages: list[VillageCount]
    programs: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    budgets: list[dict[str, Any]]
    sanctions: dict[str, Any]
    construction: dict[str, Any]
    small_cell: dict[str, Any] = Field(description="the suppression threshold and its legend")
