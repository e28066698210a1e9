"""Ranking candidates when they exceed the quota (TTS Pasal 21(4) a-c; gender, age and disability
under TTS Pasal 9(3) and Sambas Pasal 23(3)).

The regulations name what to weigh, not how much: each scheme's `ranking` in eligibility.yaml
lists weighted criteria (points per value, per unit with a cap, or per age band), each with its
citation. Candidates are ordered by total points, ties keep the order they were proposed in,
and every candidate carries the points each criterion gave and why.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .age import age_on
from .errors import NotConfigured
from .facts import ALL_FACT_KINDS, Facts, build_facts

if TYPE_CHECKING:
    from .compile import Compiler
    from .profiles import ProfileRegistry

RANKABLE_FACTS = set(ALL_FACT_KINDS) | {"age"}


@dataclass(frozen=True)
class Criterion:
    name: str
    fact: str
    citation: str
    label: str
    points: tuple[tuple[Any, int], ...] = ()           # value -> points
    per_unit: int | None = None                          # numbers: points per unit...
    cap: int | None = None                               # ...up to this many points
    bands: tuple[tuple[int | None, int | None, int], ...] = ()  # ages: (min, max inclusive, points)

    def score(self, value: Any) -> int:
        if value is None:
            return 0
        if self.per_unit is not None:
            total = int(value) * self.per_unit
            return min(total, self.cap) if self.cap is not None else total
        if self.bands:
            return next((p for lo, hi, p in self.bands
                         if (lo is None or value >= lo) and (hi is None or value <= hi)), 0)
        return dict(self.points).get(value, 0)


@dataclass(frozen=True)
class RankingRule:
    criteria: tuple[Criterion, ...]
    note: str


@dataclass(frozen=True)
class Reason:
    criterion: str
    label: str
    value: Any
    points: int
    citation: str

    def to_dict(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "label": self.label, "value": self.value,
                "points": self.points, "citation": self.citation}


@dataclass(frozen=True)
class RankedCandidate:
    id: str
    rank: int
    score: int
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rank": self.rank, "score": self.score,
                "reasons": [r.to_dict() for r in self.reasons]}


def parse_ranking(c: Compiler, raw: dict, where: str) -> RankingRule:
    criteria = []
    for i, spec in enumerate(raw.get("criteria") or []):
        at = f"{where}.criteria[{i}]"
        if spec.get("fact") not in RANKABLE_FACTS:
            c.problem(at, f"unknown fact {spec.get('fact')!r}")
        if sum(k in spec for k in ("points", "per_unit", "bands")) != 1:
            c.problem(at, "give exactly one of points, per_unit (+cap) or bands")
        criteria.append(Criterion(
            name=str(spec.get("name", spec.get("fact"))), fact=str(spec.get("fact")),
            citation=c.citation(spec.get("citation"), at) or "", label=str(spec.get("label", "")),
            points=tuple((spec.get("points") or {}).items()), per_unit=spec.get("per_unit"), cap=spec.get("cap"),
            bands=tuple((b.get("min"), b.get("max"), int(b["points"])) for b in spec.get("bands") or []),
        ))
    if not criteria:
        c.problem(where, "ranking needs criteria")
    return RankingRule(tuple(criteria), str(raw.get("note", "")))


def _value(criterion: Criterion, facts: Facts, as_of: dt.date) -> Any:
    if criterion.fact == "age":
        return age_on(facts.birth_date, as_of) if facts.birth_date else None
    return facts.get(criterion.fact)


def rank_candidates(registry: ProfileRegistry, regency_code: str, scheme: str, as_of: dt.date,
                    candidates: list[Mapping[str, Any]]) -> list[RankedCandidate]:
    """Order candidates `[{"id": ..., "facts": {...}}]` by the scheme's ranking rule."""
    from .engine import resolve_scheme  # engine imports profiles, which imports this module

    _, compiled = resolve_scheme(registry, regency_code, scheme, as_of)
    if compiled.ranking is None:
        raise NotConfigured(f"scheme {scheme!r} of regency {regency_code} has no ranking rule")
    scored = []
    for position, candidate in enumerate(candidates):
        facts = build_facts(candidate.get("facts") or {}, as_of=as_of)
        reasons = tuple(Reason(c.name, c.label, v, c.score(v), c.citation)
                        for c in compiled.ranking.criteria for v in (_value(c, facts, as_of),))
        scored.append((-sum(r.points for r in reasons), position, str(candidate.get("id", position)), reasons))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [RankedCandidate(cid, rank, -neg, reasons)
            for rank, (neg, _, cid, reasons) in enumerate(scored, start=1)]
