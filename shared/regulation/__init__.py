"""The regulation kernel (law as data): citations, dated values, and the one loader of
`profiles/` (kernel.py) with the part models services register (model.py).

No rule lives here. Services take the validated parts of a regency's profile from `profiles()`;
this package knows how citations and date-bounded values are written, how the files are found
and read (with line numbers), and how a part is checked against the model its owner registered.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

PROFILES_DIR = Path(os.environ.get("LINDUNG_PROFILES_DIR", Path(__file__).resolve().parents[2] / "profiles"))

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


def content_version(paths: Iterable[Path]) -> str:
    """A short digest of profile files, stored with every decision as its profile version."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The kernel (one model of regulation, one loader, part registration): see kernel.py.
from .kernel import (  # noqa: E402
    Problem,
    ProfileProblems,
    Profiles,
    Regency,
    compile_each,
    declare_choice,
    declare_reads,
    load,
    profile_cache,
    profiles,
    profiles_at,
    register_compiler,
    register_part,
    register_warnings,
    use_profiles,
    warnings_of,
)
from .model import (  # noqa: E402
    DatedEntry,
    ExternalSource,
    Interpretation,
    Note,
    RegencyPart,
    Regulation,
    Strict,
)

__all__ = [
    "PROFILES_DIR", "Citation", "Dated", "DatedEntry", "ExternalSource", "Interpretation", "Note", "Problem",
    "ProfileProblems", "Profiles", "Regency", "RegencyPart", "Regulation", "Strict", "as_date", "content_version",
    "dated_list", "declare_choice", "declare_reads", "load", "profile_cache", "profiles", "profiles_at",
    "compile_each", "regency_dirs", "register_compiler", "register_part", "register_warnings", "use_profiles",
    "value_on", "warnings_of",
]
