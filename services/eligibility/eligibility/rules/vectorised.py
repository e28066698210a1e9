"""Batch evaluation: one regency + scheme + date, N applicants as numpy columns.

Driven by the same compiled profile conditions as the one-by-one engine: each condition kind has
its vectorised implementation next to its scalar one (conditions.py), and the tests prove both
give the same outcome, failed rules and missing facts for every row.

Column encoding (missing values included): bool facts int8 (-1 missing, 0, 1); text facts
numpy unicode ('' missing; free text is normalised like build_facts), or coded: small integer
codes per row into an array of the distinct texts (what the upload path builds: a text condition
is then decided once per distinct value, not per row); money/count float64 (NaN missing); dates
datetime64[D] (NaT missing). Object arrays with None for missing are accepted too.

Rows are evaluated in chunks of CHUNK_ROWS so that every intermediate array stays in the CPU's
cache (at 1,000,000 rows whole-column temporaries did not, and halved the speed: issue 18).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .age import ages_from_table, ages_on, ages_table
from .conditions import FAIL, UNKNOWN
from .engine import context_for, granted_programs, resolve_scheme
from .errors import InvalidFacts
from .facts import ALL_FACT_KINDS, Facts, build_facts, normalise_text

if TYPE_CHECKING:
    from .profiles import ProfileRegistry

OUTCOMES = ("ineligible", "eligible", "needs_information", "invalid")
INELIGIBLE, ELIGIBLE, NEEDS_INFORMATION, INVALID = range(4)
_TEXT_KINDS = {"text", "enum", "regency", "nik"}
CHUNK_ROWS = 32_768  # rows evaluated at once: a chunk's statuses and temporaries fit in L2


class Columns:
    """Facts of N applicants by column. Built from arrays, or lazily from Facts objects (only the
    columns a scheme reads are ever converted)."""

    def __init__(self, n: int, arrays: Mapping[str, Any] | None = None, facts: Sequence[Facts] | None = None,
                 coded: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None):
        self.n = n
        self._facts = facts
        self._cache: dict[str, np.ndarray] = {}
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._ages: dict[Any, Any] = {}  # on -> (ages, known); ('table', on) -> age.ages_table
        for name, values in (arrays or {}).items():
            self._cache[name] = self._coerce(name, np.asarray(values))
        for name, (codes, texts) in (coded or {}).items():  # already normalised (columnar.build_columns)
            if ALL_FACT_KINDS.get(name) not in _TEXT_KINDS or len(codes) != n:
                raise ValueError(f"coded column {name!r}: not a text fact or length != {n}")
            self._codes[name] = (codes, np.asarray(texts, dtype=str))

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
            if name in self._codes:
                codes, texts = self._codes[name]
                self._cache[name] = texts[codes]
            else:
                self._cache[name] = self._from_facts(name) if self._facts is not None else self._empty(name)
        return self._cache[name]

    def coded(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """A text column as (codes per row, distinct texts): conditions on text are decided per
        distinct text, then looked up per row (np.take), instead of comparing strings per row."""
        if name not in self._codes:
            texts, codes = np.unique(self._column(name), return_inverse=True)
            self._codes[name] = (small_codes(codes.reshape(self.n), len(texts)), texts)
        return self._codes[name]

    def rows(self, start: int, stop: int) -> Columns:
        """Rows start..stop-1 as Columns sharing this one's arrays (views, nothing copied)."""
        return _Rows(self, start, min(stop, self.n))

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
        kind = ALL_FACT_KINDS[name]
        if kind in _TEXT_KINDS and name in self._codes:
            codes, texts = self._codes[name]
            return np.take(texts != "", codes)
        column = self._column(name)
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

    def ages_table(self, on: dt.date) -> tuple[int, np.ndarray] | None:
        """age.ages_table of these rows' birth dates (for chunks of these rows)."""
        key = ("table", on)
        if key not in self._ages:
            self._ages[key] = ages_table(self.dates("birth_date"), on)
        return self._ages[key]


class _Rows(Columns):
    """A slice of rows of other Columns (BatchEvaluator's chunks): columns are sliced on first use."""

    def __init__(self, whole: Columns, start: int, stop: int):
        super().__init__(stop - start)
        self._whole, self._start, self._stop = whole, start, stop

    def _column(self, name: str) -> np.ndarray:
        if name not in self._cache:
            self._cache[name] = self._whole._column(name)[self._start:self._stop]
        return self._cache[name]

    def ages(self, on: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """Looked up in a table of ages per birth day over all rows' dates (made once, not per chunk)."""
        if on not in self._ages:
            table = self._whole.ages_table(on)
            dates = self.dates("birth_date")
            self._ages[on] = ages_on(dates, on) if table is None else ages_from_table(dates, table)
        return self._ages[on]

    def coded(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        if name not in self._codes:  # coded once for all rows, then sliced
            codes, texts = self._whole.coded(name)
            self._codes[name] = (codes[self._start:self._stop], texts)
        return self._codes[name]

    def present(self, name: str) -> np.ndarray:
        if ALL_FACT_KINDS[name] in _TEXT_KINDS and name in self._whole._codes:
            self.coded(name)
        return super().present(name)


def small_codes(codes: np.ndarray, distinct: int) -> np.ndarray:
    """Codes in the smallest unsigned type (a quarter to an eighth of the memory read per row)."""
    return codes.astype(np.uint8 if distinct <= 256 else np.uint16 if distinct <= 65_536 else np.int64)


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
        if not self.errors:  # the usual case, without a Python step per row
            self.errors = dict(zip(errors, map(list, errors.values()), strict=True))
            return self
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
        self._fact_index = {fact: i for i, fact in enumerate(self.scheme.fact_order)}

    def evaluate(self, columns: Columns, chunk_rows: int | None = None) -> BatchResult:
        chunk_rows = chunk_rows or CHUNK_ROWS
        n, names, facts = columns.n, tuple(c.name for c in self.scheme.conditions), self.scheme.fact_order
        outcome = np.empty(n, dtype=np.int8)
        failed = np.empty((n, len(names)), dtype=bool)
        missing = np.empty((n, len(facts)), dtype=bool)
        for start in range(0, n, chunk_rows):
            stop = min(start + chunk_rows, n)
            part = columns if (start, stop) == (0, n) else columns.rows(start, stop)
            self._evaluate_rows(part, outcome[start:stop], failed[start:stop], missing[start:stop])
        return BatchResult(outcome, names, failed, facts, missing, self.programs)

    def _evaluate_rows(self, columns: Columns, outcome: np.ndarray, failed: np.ndarray, missing: np.ndarray) -> None:
        """One chunk, written into the result's rows. Statuses are kept condition by condition
        (one contiguous int8 row each) and transposed into the per-applicant layout at the end."""
        conditions, fact_index = self.scheme.conditions, self._fact_index
        statuses = np.empty((len(conditions), columns.n), dtype=np.int8)
        missing_t = np.zeros((len(fact_index), columns.n), dtype=bool)
        for j, condition in enumerate(conditions):
            result = condition.vector(columns, self.ctx)
            statuses[j] = result.status
            for fact, mask in result.missing.items():
                missing_t[fact_index[fact]] |= mask
        failed_t = statuses == FAIL
        any_failed = failed_t.any(axis=0)
        unknown = (statuses == UNKNOWN).any(axis=0)
        outcome[:] = np.where(any_failed, INELIGIBLE, np.where(unknown, NEEDS_INFORMATION, ELIGIBLE))
        failed[:] = failed_t.T
        missing[:] = missing_t.T

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
