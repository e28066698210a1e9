"""The regency profile parts the registry reads (participants.yaml, registry.yaml and the
programmes run from programs.yaml), parsed once per process."""
from __future__ import annotations

import datetime as dt

from registry.complaints.domain import ComplaintsProfile, profile_from
from registry.domain.participants_profile import ParticipantsProfile, load_participants_profile
from registry.domain.registry_profile import ProgrammesRun, RegistryProfile, load_programmes_run, load_registry_profile
from registry.profile_parts import ComplaintsPart, NationalComplaintsPart
from shared.problems import InvalidInput, Problem
from shared.regulation import profile_cache, profiles

UNKNOWN_REGENCY = "kabupaten tidak dikenal / unknown regency"


@profile_cache
def participants_profile(regency_code: str) -> ParticipantsProfile | None:
    return load_participants_profile(regency_code)


@profile_cache
def registry_profile(regency_code: str) -> RegistryProfile | None:
    return load_registry_profile(regency_code)


@profile_cache(maxsize=4096)
def programmes_run(regency_code: str, on: dt.date) -> ProgrammesRun | None:
    return load_programmes_run(regency_code, on)


def require_registry(regency_code: str) -> RegistryProfile:
    """The registry part of a regency named in a request body (422 when unknown)."""
    profile = registry_profile(regency_code)
    if profile is None:
        raise InvalidInput.fields([("regency_code", UNKNOWN_REGENCY)])
    return profile


def require_participants(regency_code: str) -> ParticipantsProfile:
    profile = participants_profile(regency_code)
    if profile is None:
        raise InvalidInput.fields([("regency_code", UNKNOWN_REGENCY)])
    return profile


def require_programmes_run(regency_code: str, on: dt.date) -> ProgrammesRun:
    run = programmes_run(regency_code, on)
    if run is None:
        raise Problem(f"No regulation of regency {regency_code} runs programmes on {on.isoformat()}", status=422,
                      slug="no-regulation-in-force", title="No regulation in force")
    return run


@profile_cache
def complaints_profile(regency_code: str) -> ComplaintsProfile | None:
    """complaints.yaml of a regency with the national stage and data-subject deadlines."""
    loaded = profiles()
    regency = loaded.regency(regency_code)
    if regency is None or not regency.has("complaints"):
        return None
    return profile_from(regency_code, regency.title, ComplaintsPart.model_validate(regency.part("complaints")),
                        NationalComplaintsPart.model_validate(loaded.national_part("complaints")))


def require_complaints(regency_code: str) -> ComplaintsProfile:
    profile = complaints_profile(regency_code)
    if profile is None:
        raise InvalidInput.fields([("regency_code", UNKNOWN_REGENCY)])
    return profile
