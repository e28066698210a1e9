"""The participants part of a regency profile (`profiles/<regency>/participants.yaml`) as
typed values: worker types, categories, occupations and village kinds, with citations."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.regulation import Citation, as_date, profiles_at
from shared.regulation.places import Places

from .common import cite, cite_all

WORKER_TYPES = ("pu", "bpu")  # docs/API.md §5, §7


class ProfileError(ValueError):
    """A profile file breaks its schema (a defect in the data, found at load time)."""


@dataclass(frozen=True)
class Occupation:
    id: str
    label: str
    worker_types: tuple[str, ...]
    citation: Citation | None
    employer_kind: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        return _in_window(self.valid_from, self.valid_until, on)


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    worker_types: tuple[str, ...]
    citation: Citation | None
    also: tuple[Citation, ...]
    vulnerable: bool
    occupations: tuple[Occupation, ...]
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        return _in_window(self.valid_from, self.valid_until, on)

    def occupation(self, occupation_id: str) -> Occupation | None:
        return next((o for o in self.occupations if o.id == occupation_id), None)


@dataclass(frozen=True)
class VillageKind:
    id: str
    label: str
    counts_as: str  # desa | kelurahan
    code_prefix: str  # first digit of the 4-digit village part of the Kemendagri code
    citation: Citation | None


@dataclass(frozen=True)
class ParticipantsProfile:
    regency_code: str
    regulation: str
    worker_type_labels: dict[str, str]
    categories: tuple[Category, ...]
    village_kinds: tuple[VillageKind, ...]
    interpretations: dict[str, Any]
    kemendagri_code: str = ""  # the regency's Kemendagri code (regency.yaml); "" = regency_code
    places: Places | None = None  # the regency's named places (places.csv), None when it has none

    @property
    def kemendagri_prefix(self) -> str:
        """What a village code of this regency, and a NIK issued there, start with: the Kemendagri, not the BPS,
        code."""
        return self.kemendagri_code or self.regency_code

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def occupations(self) -> Iterator[tuple[Category, Occupation]]:
        for category in self.categories:
            for occupation in category.occupations:
                yield category, occupation

    def find_occupation(self, occupation_id: str) -> tuple[Category, Occupation] | None:
        return next(((c, o) for c, o in self.occupations() if o.id == occupation_id), None)

    def is_vulnerable_occupation(self, occupation_id: str) -> bool:
        """Whether an occupation belongs to the regency's vulnerable-worker list."""
        found = self.find_occupation(occupation_id)
        return bool(found and found[0].vulnerable)

    def village_kind_for_code(self, village_code: str) -> VillageKind | None:
        return next((k for k in self.village_kinds if village_code[6:7] == k.code_prefix), None)


def _in_window(start: dt.date | None, until: dt.date | None, on: dt.date) -> bool:
    return (start is None or start <= on) and (until is None or on < until)


def _worker_types(raw: Any, where: str) -> tuple[str, ...]:
    types = tuple(raw or ())
    if not types or any(t not in WORKER_TYPES for t in types):
        raise ProfileError(f"{where}: worker_types must be a non-empty subset of {WORKER_TYPES}")
    return types


def _occupation(raw: dict, category_types: tuple[str, ...], regulation: str) -> Occupation:
    types = _worker_types(raw["worker_types"], raw["id"]) if raw.get("worker_types") else category_types
    return Occupation(
        id=raw["id"], label=raw["label"], worker_types=types,
        citation=cite(raw.get("citation"), regulation), employer_kind=raw.get("employer_kind"),
        valid_from=as_date(raw.get("from")), valid_until=as_date(raw.get("until")),
    )


def _category(raw: dict, regulation: str) -> Category:
    types = _worker_types(raw.get("worker_types"), raw["id"])
    return Category(
        id=raw["id"], label=raw["label"], worker_types=types,
        citation=cite(raw.get("citation"), regulation), also=cite_all(raw.get("also"), regulation),
        vulnerable=bool(raw.get("vulnerable", False)),
        occupations=tuple(_occupation(o, types, regulation) for o in raw.get("occupations") or ()),
        valid_from=as_date(raw.get("from")), valid_until=as_date(raw.get("until")),
    )


def _check_unique(profile: ParticipantsProfile) -> None:
    seen: set[str] = set()
    for category in profile.categories:
        if category.id in seen:
            raise ProfileError(f"category id {category.id!r} is used twice")
        seen.add(category.id)
    occupation_ids = [o.id for _, o in profile.occupations()]
    duplicates = {i for i in occupation_ids if occupation_ids.count(i) > 1}
    if duplicates:
        raise ProfileError(f"occupation ids must be unique within a regency: {sorted(duplicates)}")


def participants_profile_from(regency_code: str, data: dict, *, regulation: str, kemendagri_code: str = "",
                              places: Places | None = None) -> ParticipantsProfile:
    """Build the typed profile from the parsed YAML (pure); the Kemendagri code and places come
    from the regency's identity and places.csv (the kernel)."""
    profile = ParticipantsProfile(
        regency_code=regency_code,
        regulation=regulation,
        worker_type_labels={k: v["label"] for k, v in (data.get("worker_types") or {}).items()},
        categories=tuple(_category(c, regulation) for c in data.get("categories") or ()),
        village_kinds=tuple(
            VillageKind(k["id"], k["label"], k["counts_as"], str(k["code_prefix"]), cite(k.get("citation"), regulation))
            for k in data.get("village_kinds") or ()
        ),
        interpretations=dict(data.get("interpretations") or {}),
        kemendagri_code=kemendagri_code,
        places=places,
    )
    _check_unique(profile)
    return profile


def load_participants_profile(regency_code: str, base: Path | None = None) -> ParticipantsProfile | None:
    """Read `participants.yaml` of a regency (None when the regency or the file is unknown)."""
    regency = profiles_at(base).regency(regency_code)
    if regency is None or not regency.has("participants"):
        return None
    return participants_profile_from(regency_code, regency.part("participants"), regulation=regency.title,
                                     kemendagri_code=regency.kemendagri_code, places=regency.places)
