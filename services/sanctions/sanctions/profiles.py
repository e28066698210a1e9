"""The regencies' sanction profiles, parsed once per process and kept in memory: a request never
parses YAML (docs/API.md §9: clearance answers in milliseconds)."""
from __future__ import annotations

from sanctions.domain import SanctionsProfile, load_sanctions_profile
from shared.problems import NotFound
from shared.regulation import profile_cache, profiles


@profile_cache
def _load(regency_code: str) -> SanctionsProfile:
    return load_sanctions_profile(regency_code)


def known_regencies() -> list[str]:
    return list(profiles().codes_with("sanctions"))


def profile_for(regency_code: str) -> SanctionsProfile:
    """The profile of a regency; 404 for a regency without one."""
    if regency_code not in _regencies():
        raise NotFound(f"Regency {regency_code} has no sanctions regulation in this system", slug="unknown-regency",
                       title="Unknown regency")
    return _load(regency_code)


@profile_cache
def _regencies() -> frozenset[str]:
    return frozenset(known_regencies())


def preload() -> None:
    """Parse every profile at start, so a defective one stops the process instead of a request."""
    for code in _regencies():
        _load(code)

