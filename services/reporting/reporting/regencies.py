"""The regencies reporting serves and the labels their profiles give (names, categories,
violations). Profile files are read once per process."""
from __future__ import annotations

from reporting.coverage.domain import PlaceNames
from reporting.reports import ReportingProfile, load_reporting_profile
from shared.auth import Client
from shared.problems import NotFound
from shared.regulation import profile_cache, profiles


@profile_cache
def known_regencies() -> tuple[str, ...]:
    """Regencies with a reporting part in their profile."""
    return profiles().codes_with("reporting")


def allowed(client: Client, regency_code: str) -> None:
    """403 for a regency the client may not see (docs/API.md §2), then 404 for one without a profile."""
    client.require_regency(regency_code)
    if regency_code not in known_regencies():
        raise NotFound(f"Regency {regency_code} has no reporting profile")


@profile_cache
def regency_name(regency_code: str) -> str:
    regency = profiles().regency(regency_code)
    return regency.identity.name if regency else regency_code


@profile_cache
def reporting_profile(regency_code: str) -> ReportingProfile:
    return load_reporting_profile(regency_code)


@profile_cache
def category_labels(regency_code: str) -> dict[str, str]:
    part = profiles().part(regency_code, "participants") or {}
    return {c["id"]: c.get("label", c["id"]) for c in part.get("categories", [])}


@profile_cache
def violation_labels(regency_code: str) -> dict[str, str]:
    part = profiles().part(regency_code, "sanctions") or {}
    return {v["id"]: v.get("label", v["id"]) for v in part.get("violations", [])}


@profile_cache
def place_names(regency_code: str) -> PlaceNames:
    """The regency's kecamatan and desa/kelurahan names (places.csv through the kernel) and its word
    for each village kind (participants.yaml `village_kinds`, by the code's 7th digit)."""
    regency = profiles().regency(regency_code)
    if regency is None:
        return PlaceNames()
    kinds = (regency.part("participants") or {}).get("village_kinds") or []
    return PlaceNames(regency.places, {str(k["code_prefix"]): k["label"] for k in kinds})
