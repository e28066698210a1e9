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
    external: str | None = None  # the sources.yaml key when the cited text is not in the corpus
    basis: str = "interpretation"  # that source's basis (sources.yaml)

    def __str__(self) -> str:
        line = f"{self.file}:{self.line}: {self.key} = {self.text!r} -> {self.rendered} [{self.owner}]"
        if self.external:
            line += (f" (sumber eksternal / external source {self.external}: {_BASIS[self.basis]}, teks tidak ada di "
                     f"shared/regulations / {self.basis}, text not in shared/regulations)")
        return line


_BASIS = {"interpretation": "interpretasi", "dataset": "data set", "reported": "dilaporkan"}


def _strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if str(key) not in _TEXT_KEYS:
                yield from _strings(value, path + (str(key),))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _strings(item, path + (index,))
    elif isinstance(data, str):
        yield path, data


def _matches(query: Citation, found: Citation) -> bool:
    """Same regulation and article; a query without ayat or huruf matches every one below it, a
    query naming a regulation only (`UU 27/2022`) every citation of it."""
    if query.regulation != found.regulation:
        return False
    return query.pasal is None or (query.pasal == found.pasal and query.ayat in (None, found.ayat)
                                   and query.huruf in (None, found.huruf))


def external_sources(profiles: Profiles) -> dict[str, str]:
    """Title -> key of every regulation `national/sources.yaml` names as outside the corpus."""
    raw = profiles.national_part("sources").get("external") or {}
    return {entry["title"]: key for key, entry in raw.items()}


def citations(profiles: Profiles) -> Iterator[tuple[Hit, Citation]]:
    """Every citation in every profile file (one with a Pasal, or naming an external source
    without one, e.g. `Permenpan-RB 62/2018`), rendered against its regency's regulation."""
    parts, external = registered_parts(), external_sources(profiles)
    bases = {key: entry.get("basis", "interpretation")
             for key, entry in (profiles.national_part("sources").get("external") or {}).items()}
    for code, part, yf in profiles.files():
        regency = profiles.regency(code) if code else None
        default = regency.title if regency else ""
        owner = parts[part].owner if part in parts else "?"
        for key, text in _strings(yf.data):
            found = Citation.parse(text, regulation=default)
            if found.pasal or found.regulation in external:
                yield Hit(str(yf.path.relative_to(profiles.base.parent)), dotted(key), yf.line(key), text,
                          str(found), owner, external.get(found.regulation),
                          bases.get(external.get(found.regulation), "interpretation")), found


def lookup(profiles: Profiles, rendered: str) -> list[Hit]:
    query = Citation.parse(rendered, regulation="")
    if query.pasal is None and query.regulation not in external_sources(profiles):
        raise ValueError(f"not a citation with a Pasal: {rendered!r}")
    return [hit for hit, found in citations(profiles) if _matches(query, found)]


def external_counts(profiles: Profiles) -> dict[str, int]:
    """How many citations lean on each external source (the `check` summary)."""
    counts = dict.fromkeys(external_sources(profiles).values(), 0)
    for hit, _found in citations(profiles):
        if hit.external:
            counts[hit.external] += 1
    return counts
