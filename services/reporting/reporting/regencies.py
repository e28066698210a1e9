"""The regencies reporting serves and the labels their profiles give (names, categories,
violations). Profile files are read once per process."""
from __future__ import annotations

from functools import cache

from reporting.reports import ReportingProfile, load_reporting_profile
from shared.auth import Client
from shared.problems import NotFound
from shared.regulation import load_part, regency_dirs


@cache
def known_regencies() -> tuple[str, ...]:
    """Regencies with a reporting part in their profile."""
    return tuple(code for code, folder in regency_dirs().items() if (folder / "reporting.yaml").exists())


def allowed(client: Client, regency_code: str) -> None:
    """403 for a regency the client may not see (docs/API.md §2), then 404 for one without a profile."""
    client.require_regency(regency_code)
    if regency_code not in known_regencies():
        raise NotFound(f"Regency {regency_code} has no reporting profile")


@cache
def regency_name(regency_code: str) -> str:
    return (load_part(regency_code, "regency") or {}).get("name", regency_code)


@cache
def reporting_profile(regency_code: str) -> ReportingProfile:
    return load_reporting_profile(regency_code)


@cache
def category_labels(regency_code: str) -> dict[str, str]:
    part = load_part(regency_code, "participants") or {}
    return {c["id"]: c.get("label", c["id"]) for c in part.get("categories", [])}


@cache
def violation_labels(regency_code: str) -> dict[str, str]:
    part = load_part(regency_code, "sanctions") or {}
    return {v["id"]: v.get("label", v["id"]) for v in part.get("violations", [])}
