"""Builders shared by the registry unit tests."""
from __future__ import annotations

import datetime as dt
from functools import cache

from registry.domain.participants_profile import load_participants_profile
from registry.domain.registry_profile import load_registry_profile

REGENCIES = ("5304", "6405", "6101", "6309", "6207")


def make_nik(birth: dt.date, sex: str, *, regency: str = "5304", district: str = "01", serial: str = "0001") -> str:
    day = birth.day + (40 if sex == "F" else 0)
    return f"{regency}{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial}"


@cache
def participants_profile(code: str):
    return load_participants_profile(code)


@cache
def registry_profile(code: str):
    return load_registry_profile(code)
