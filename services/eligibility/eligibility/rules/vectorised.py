"""Batch evaluation: one regency + scheme + date, N applicants as numpy columns.

Driven by the same compiled profile conditions as the one-by-one engine: each condition kind has
its vectorised implementation next to its scalar one (conditions.py), and the tests prove both
give the same outcome, failed rules and missing facts for every row.

Column encoding (missing values included): bool facts int8 (-1 missing, 0, 1); text facts
numpy unicode ('' missing; free text is normalised like build_facts); money/count float64 (NaN
missing); dates datetime64[D] (NaT missing). Object arrays with None for missing are accepted too.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .age import ages_on
from .conditions import FAIL, UNKNOWN
from .engine import context_for, granted_programs, resolve_scheme
from .errors import InvalidFacts
from .facts import ALL_FACT_KINDS, Facts, build_facts, normalise_text

if TYPE_CHECKING:
    from .profiles import ProfileRegistry

OUTCOMES = ("ineligible", "eligible", "needs_information", "invalid")
INELIGIBLE, ELIGIBLE, NEEDS_INFORMATION, INVALID = range(4)
_TEXT_KINDS = {"text", "enum", "regency", "nik"}


class Columns:
    """Facts of N applicants by column. Built from arrays, or lazily from Facts objects (only the
    columns a scheme reads are ever converted)."""

    def __init__(self, n: int, arrays: Mapping[str, Any] | None = None, facts: Sequence[Facts] | None = None):
        self.n = n
        self._facts = facts
        self._cache: dict[str, np.ndarray] = {}
        self._ages: dict[dt.date, tuple[np.ndarray, np.ndarray]] = {}
        for name, values in (arrays or {}).items():
            self._cache[name] = self._coerce(name, np.asarray(values))

    @classmethod
    def from_facts(cls, rows: Sequence[Facts]) -> Columns:
        return cls(len(rows), facts=rows)

    def _coerce(self, name: str, values: np.ndarray) -> np.ndarray:
        if name not in ALL_FACT_KINDS or len(values) != self.n:
            raise ValueError(f"column {name!r}: unknown fact or length != {self.n}")
        kind = ALL_FACT_KINDS[name]
        if values.dtype == object:  # Python values with None for "not stated"
            return self._from_values(kind, list(values))
        if kind == "bool":
            return values.astype(np.int8)
        if kind == "text":  # compared like build_facts does: lower case, single spaces
            uniques, inverse = np.unique(values.astype(str), return_inverse=True)
            return np.array([normalise_text(u) for u in uniques], dtype=str)[inverse].reshape(self.n)
        if kind in _TEXT_KINDS:
            return values.astype(str)
        if kind == "date":
            return values.astype("datetime64[D]")
        return values.astype(np.float64)

    def _column(self, name: str) -> np.ndarray:
        if name not in self._cache:
            self._cache[name] = self._from_facts(name) if self._facts is not None else self._empty(name)
        return self._cache[name]

    def _empty(self, name: str) -> np.ndarray:
        kind = ALL_FACT_KINDS[name]
        if kind == "bool":
            return np.full(self.n, -1, dtype=np.int8)
        if kind in _TEXT_KINDS:
            return np.full(self.n, "", dtype="<U1")
        if kind == "date":
            return np.full(self.n, np.datetime64("NaT"), dtype="datetime64[D]")
        return np.full(self.n, np.nan)

    def _from_facts(self, name: str) -> np.ndarray:
        return self._from_values(ALL_FACT_KINDS[name], [getattr(f, name) for f in self._facts])

    def _from_values(self, kind: str, values: list) -> np.ndarray:
        if kind == "bool":
            return np.array([-1 if v is None else int(v) for v in values], dtype=np.int8)
        if kind in _TEXT_KINDS:
            texts = ["" if v is None else (normalise_text(v) if kind == "text" else v) for v in values]
            return np.array(texts, dtype=str).reshape(self.n)
        if kind == "date":
            return np.array([np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in values],
                            dtype="datetime64[D]").reshape(self.n)
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64).reshape(self.n)

    def flag(self, name: str) -> np.ndarray:
        return self._column(name)

    def text(self, name: str) -> np.ndarray:
        return self._column(name)

    def number(self, name: str) -> np.ndarray:
        return self._column(name)

    def dates(self, name: str) -> np.ndarray:
        return self._column(name)

    def present(self, name: str) -> np.ndarray:
        column, kind = self._column(name), ALL_FACT_KINDS[name]
        if kind == "bool":
            return column >= 0
        if kind in _TEXT_KINDS:
            return column != ""
        if kind == "date":
            return ~np.isnat(column)
        return ~np.isnan(column)

    def ages(self, on: dt.date) -> tuple[np.ndarray, np.ndarray]:
        if on not in self._ages:
            self._ages[on] = ages_on(self.dates("birth_date"), on)
        return self._ages[on]


@dataclass
class BatchResult:
    outcome: np.ndarray            # int8 codes, see OUTCOMES
    check_names: tuple[str, ...]
    failed: np.ndarray             # bool (n, checks)
    fact_names: tuple[str, ...]
    missing: np.ndarray            # bool (n, facts)
    programs: tuple[str, ...]      # granted to eligible rows
    errors: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # invalid rows

    def outcome_name(self, row: int) -> str:
        return OUTCOMES[int(self.outcome[row])]

    def failed_rules(self, row: int) -> list[str]:
        return [n for n, f in zip(self.check_names, self.failed[row], strict=False) if f]

    def missing_facts(self, row: int) -> list[str]:
        return [n for n, m in zip(self.fact_names, self.missing[row], strict=False) if m]

    def row(self, i: int) -> dict[str, Any]:
        """One applicant's answer, shaped like the one-by-one response (without the checks)."""
        outcome = self.outcome_name(i)
        out = {"outcome": outcome, "eligible": {"eligible": True, "ineligible": False}.get(outcome),
               "programs": list(self.programs) if outcome == "eligible" else [],
               "failed_rules": self.failed_rules(i), "missing_facts": self.missing_facts(i)}
        if i in self.errors:
            out["errors"] = [{"field": f, "message": m} for f, m in self.errors[i]]
        return out

    def mark_invalid(self, errors: dict[int, list[tuple[str, str]]]) -> BatchResult:
        """Rows whose facts cannot be used: outcome `invalid` with their field errors, no failed
        rules or missing facts (a one-by-one request would be refused with 422)."""
        rows = np.fromiter(errors, dtype=np.int64, count=len(errors))
        self.outcome[rows] = INVALID
        self.failed[rows] = False
        self.missing[rows] = False
        for row, problems in errors.items():
            self.errors.setdefault(row, []).extend(problems)
        return self

    def counts(self) -> dict[str, int]:
        codes = np.bincount(self.outcome.astype(np.int64), minlength=len(OUTCOMES))
        return {name: int(c) for name, c in zip(OUTCOMES, codes, strict=False)}


class BatchEvaluator:
    """Compile once for a regency, scheme and date; evaluate any number of column batches.
    Raises the same errors as `engine.evaluate` for the regency, scheme and date."""

    def __init__(self, registry: ProfileRegistry, regency_code: str, scheme: str, as_of: dt.date):
        self.profile, self.scheme = resolve_scheme(registry, regency_code, scheme, as_of)
        self.as_of = as_of
        self.ctx = context_for(self.profile, as_of)
        self.programs = granted_programs(self.profile, self.scheme, as_of)

    def evaluate(self, columns: Columns) -> BatchResult:
        n, conditions = columns.n, self.scheme.conditions
        fact_names = self.scheme.fact_order
        # column-major: each condition writes one contiguous column, and "any failed" is kept
        # as it goes rather than reduced across rows afterwards (a row-wise any was 13 %)
        failed = np.zeros((n, len(conditions)), dtype=bool, order="F")
        any_failed = np.zeros(n, dtype=bool)
        unknown = np.zeros(n, dtype=bool)
        missing = np.zeros((n, len(fact_names)), dtype=bool)
        for j, condition in enumerate(conditions):
            result = condition.vector(columns, self.ctx)
            np.equal(result.status, FAIL, out=failed[:, j])
            any_failed |= failed[:, j]
            unknown |= result.status == UNKNOWN
            for fact, mask in result.missing.items():
                missing[:, fact_names.index(fact)] |= mask
        outcome = np.where(any_failed, INELIGIBLE, np.where(unknown, NEEDS_INFORMATION, ELIGIBLE))
        return BatchResult(outcome.astype(np.int8), tuple(c.name for c in conditions), np.ascontiguousarray(failed),
                           fact_names, missing, self.programs)

    def evaluate_records(self, records: Iterable[Mapping[str, Any] | Facts]) -> BatchResult:
        """Applicant mappings (as in docs/API.md §5): rows whose facts are invalid are marked
        `invalid` with their field errors; the rest are evaluated as columns."""
        rows, errors = [], {}
        for i, record in enumerate(records):
            try:
                rows.append(build_facts(record, as_of=self.as_of))
            except InvalidFacts as exc:
                errors[i] = list(exc.errors or [])
                rows.append(Facts())
        return self.evaluate(Columns.from_facts(rows)).mark_invalid(errors)

    def evaluate_raw(self, raw: Mapping[str, Sequence[Any]], n: int, *, text: bool = False) -> BatchResult:
        """Raw fact columns (JSON values, or CSV text with `text=True`) checked column by column
        like build_facts does row by row (columnar.build_columns): the fast path for uploads."""
        from .columnar import build_columns  # columnar builds on this module's Columns

        columns, errors = build_columns(raw, n, self.as_of, text=text)
        return self.evaluate(columns).mark_invalid(errors)
