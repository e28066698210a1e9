"""A case's ladder as the case page shows it (pure, no I/O): what happened in date order, and what
may come next from the regency's `case_flow` vocabulary (docs/API.md §9.1), each with its article."""
from __future__ import annotations

from typing import Any


def timeline(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence, ladder steps and decisions merged by date (the service lists them by kind); on one
    day: the opening, the evidence, the step it started, then the other decisions."""
    entries = ([{"on": e.get("date"), "kind": "evidence", "item": e} for e in case.get("evidence") or []]
               + [{"on": s.get("started_on"), "kind": "step", "item": s} for s in case.get("steps") or []]
               + [{"on": d.get("on"), "kind": "decision", "item": d} for d in case.get("decisions") or []])
    return sorted(entries, key=lambda entry: (str(entry["on"] or ""), _rank(entry)))


def _rank(entry: dict[str, Any]) -> int:
    if entry["kind"] == "decision":
        return 0 if entry["item"].get("action") == "open" else 3
    return 1 if entry["kind"] == "evidence" else 2


def next_steps(flow: list[dict[str, Any]], state: str) -> list[dict[str, Any]]:
    """The transitions the regency's flow allows from the case's state (a repeat of the same step,
    e.g. a second warning, is left out: it does not move the case)."""
    return [t for t in flow if t.get("from") == state and t.get("to") != state]
