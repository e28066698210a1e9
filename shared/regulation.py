"""Plumbing for regulation profiles (law as data): citations, dated values, file loading.

No rule lives here. Services load the parts of a regency's profile they need from
`profiles/<code>-<slug>/<part>.yaml` and `profiles/national/<part>.yaml`; this module only
knows how citations and date-bounded values are written and how the files are found.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

PROFILES_DIR = Path(os.environ.get("LINDUNG_PROFILES_DIR", Path(__file__).resolve().parent.parent / "profiles"))

_CITATION = re.compile(
    r"^\s*Pasal\s+(?P<pasal>\d+[A-Z]?)\s*(?:(?:ayat\s*)?\((?P<ayat>\d+)\))?\s*(?:huruf\s+)?(?P<huruf>[a-z](?:\.\d+)?)?\s*$"
)


@dataclass(frozen=True)
class Citation:
    """A pointer into a regulation: regulation title, Pasal, ayat, huruf."""

    regulation: str
    pasal: str | None = None
    ayat: str | None = None
    huruf: str | None = None

    @classmethod
    def parse(cls, text: str, *, regulation: str) -> Citation:
        """Read `Pasal 26(1) huruf d`, `Pasal 26 ayat (1) d`, `Pasal 9` against a default
        regulation; a text naming another regulation (`PP 45/2015 Pasal 15`) keeps it."""
        text = text.strip()
        own = _CITATION.match(text)
        if own:
            return cls(regulation, own["pasal"], own["ayat"], own["huruf"])
        head, sep, tail = text.partition(" Pasal ")
        if sep:
            inner = _CITATION.match("Pasal " + tail)
            if inner:
                return cls(head.strip(), inner["pasal"], inner["ayat"], inner["huruf"])
        return cls(text)

    def __str__(self) -> str:
        parts = [self.regulation]
        if self.pasal:
            parts.append(f"Pasal {self.pasal}")
        if self.ayat:
            parts.append(f"ayat ({self.ayat})")
        if self.huruf:
            parts.append(f"huruf {self.huruf}")
        return " ".join(parts)


T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    """A value in force from `valid_from` (inclusive) until `valid_until` (exclusive, open if None)."""

    value: T
    valid_from: dt.date
    valid_until: dt.date | None
    citation: Citation | None = None

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)


def value_on(history: Iterable[Dated[T]], on: dt.date) -> Dated[T] | None:
    """The entry in force on a date; when periods overlap the latest start wins."""
    matching = [d for d in history if d.in_force(on)]
    return max(matching, key=lambda d: d.valid_from) if matching else None


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def dated_list(entries: list[dict], *, regulation: str, key: str = "value") -> list[Dated[Any]]:
    """Read YAML entries `{value: .., from: YYYY-MM-DD, until: .., citation: ..}`."""
    out = []
    for entry in entries:
        citation = entry.get("citation")
        out.append(Dated(
            value=entry[key],
            valid_from=as_date(entry["from"]),
            valid_until=as_date(entry.get("until")),
            citation=Citation.parse(citation, regulation=regulation) if citation else None,
        ))
    return out


def regency_dirs(base: Path | None = None) -> dict[str, Path]:
    """Profile folders by regency code: `profiles/6101-sambas/` -> {"6101": path}."""
    base = base or PROFILES_DIR
    return {p.name.split("-", 1)[0]: p for p in sorted(base.iterdir())
            if p.is_dir() and p.name[:4].isdigit()}


@cache
def load_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def load_part(regency_code: str, part: str, base: Path | None = None) -> dict | None:
    """One part (`regency`, `eligibility`, `sanctions`, ...) of a regency's profile, or None."""
    folder = regency_dirs(base).get(regency_code)
    if folder is None or not (folder / f"{part}.yaml").exists():
        return None
    return load_yaml(folder / f"{part}.yaml")


def load_national(part: str, base: Path | None = None) -> dict:
    return load_yaml((base or PROFILES_DIR) / "national" / f"{part}.yaml")


def content_version(paths: Iterable[Path]) -> str:
    """A short digest of profile files, stored with every decision as its profile version."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
