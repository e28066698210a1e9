"""Lookup by what a user reads: a rendered citation (`Perbup Sambas No. 59/2025 Pasal 26 ayat
(1) huruf d`, as on a letter or in an API answer) -> the profile data behind it (file, key,
line) and the service that interprets that part."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import Citation
from .kernel import Profiles, registered_parts
from .yamlines import KeyPath, dotted

# Strings under these keys are free text that may mention an article without being a citation.
_TEXT_KEYS = {"note", "label", "title", "full_title", "choice", "name", "name_full", "repeals", "gazette"}


@dataclass(frozen=True)
class Hit:
    file: str
    key: str
    line: int | None
    text: str
    rendered: str
    owner: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key} = {self.text!r} -> {self.rendered} [{self.owner}]"


def _strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if str(key) not in _TEXT_KEYS:
                yield from _strings(value, path + (str(key),))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _strings(item, path + (index,))
    elif isinstance(data, str) and "Pasal" in data:
        yield path, data


def _matches(query: Citation, found: Citation) -> bool:
    """Same regulation and article; a query without ayat or huruf matches every one below it."""
    return (query.regulation == found.regulation and query.pasal == found.pasal
            and query.ayat in (None, found.ayat) and query.huruf in (None, found.huruf))


def lookup(profiles: Profiles, rendered: str) -> list[Hit]:
    query = Citation.parse(rendered, regulation="")
    if query.pasal is None:
        raise ValueError(f"not a citation with a Pasal: {rendered!r}")
    parts = registered_parts()
    hits = []
    for code, part, yf in profiles.files():
        regency = profiles.regency(code) if code else None
        default = regency.title if regency else ""
        owner = parts[part].owner if part in parts else "?"
        for key, text in _strings(yf.data):
            found = Citation.parse(text, regulation=default)
            if found.pasal and _matches(query, found):
                hits.append(Hit(str(yf.path.relative_to(profiles.base.parent)), dotted(key), yf.line(key), text,
                                str(found), owner))
    return hits
