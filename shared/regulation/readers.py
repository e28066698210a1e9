"""Every interpretation has a reader, and every reader finds its interpretation.

An interpretation is read when (a) a service declares it by name (`declare_reads`), or (b) the
profile data refers to it (`interpretation: <name>`, `<x>_interpretation: <name>`,
`applies_if: {interpretation: <name>}`), in a part whose owning service resolves such
references. An interpretation read by no one is refused: a legal officer changing its `choice`
would change nothing. A text defect that changes nothing belongs in `regency.yaml` `notes:`.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .yamlines import KeyPath, YamlFile

if TYPE_CHECKING:
    from .kernel import Profiles, Reads, _Collector

UNREAD = ("tidak dibaca layanan mana pun / read by no service: wire it into the code that decides, or "
          "move it to regency.yaml `notes:` if no decision depends on it")


def references(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """(key path, name) of every reference to an interpretation in a part's data."""
    if isinstance(data, dict):
        for key, value in data.items():
            child = path + (str(key),)
            if isinstance(value, str) and (key == "interpretation" or str(key).endswith("_interpretation")):
                yield child, value
            elif key != "interpretations":
                yield from references(value, child)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from references(item, path + (index,))


def check_interpretations(profiles: Profiles, reads: tuple[Reads, ...], out: _Collector) -> None:
    declared = {name for r in reads for name in r.names}
    national_defined = {name: yf for yf in profiles.national.values()
                        for name in (yf.data.get("interpretations") or {})}
    national_used: set[str] = set()
    for part, yf in profiles.national.items():
        national_used |= _check_refs(yf, set(national_defined), out)
        _check_declared(f"national/{part}", yf, set(national_defined), reads, out)
    for regency in profiles.regencies.values():
        defined = set(regency.interpretations)
        used: set[str] = set()
        for part, yf in regency.files.items():
            used |= _check_refs(yf, defined | set(national_defined), out)
            _check_declared(part, yf, defined | set(national_defined), reads, out)
        national_used |= used
        for yf in regency.files.values():
            for name in yf.data.get("interpretations") or {}:
                if name not in used and name not in declared:
                    out.add(yf, ("interpretations", name), UNREAD)
    for name, yf in national_defined.items():
        if name not in national_used and name not in declared:
            out.add(yf, ("interpretations", name), UNREAD)


def _check_refs(yf: YamlFile, defined: set[str], out: _Collector) -> set[str]:
    used = set()
    for key, name in references(yf.data):
        used.add(name)
        if name not in defined:
            out.add(yf, key, f"interpretasi {name!r} tidak didefinisikan / interpretation is not defined")
    return used


def _check_declared(part: str, yf: YamlFile, defined: set[str], reads: tuple[Reads, ...],
                    out: _Collector) -> None:
    for r in reads:
        if r.part != part:
            continue
        for name in sorted(r.names - defined):
            out.add(yf, ("interpretations",), f"interpretasi {name!r} yang dibaca {r.owner} tidak ada / "
                                              f"interpretation read by {r.owner} is missing")
        for name in sorted(r.names & set(yf.data.get("interpretations") or {})) if r.choices else ():
            choice = yf.data["interpretations"][name].get("choice")
            if choice not in r.choices:
                out.add(yf, ("interpretations", name, "choice"),
                        f"pilihan {choice!r} tidak didukung {r.owner} / choice not implemented by {r.owner} "
                        f"(implemented: {sorted(map(str, r.choices))})")
