"""Applicant facts for many rows at once: `build_facts` by column (batch uploads of DTKS, P3KE
or Regsosek extracts, up to millions of rows).

Each distinct raw value of a column is coerced once with build_facts' own coercers, so a value
is accepted or refused exactly as in a one-by-one request; the NIK (distinct per row) is checked
and decoded with numpy (shared.nik_columns, parse_nik step by step), then matched like check_nik_matches.
The tests prove rows agree with build_facts, errors included.

Raw values come as JSON values (NDJSON) or as text (CSV, `text=True`): there an empty cell is
a missing fact, booleans are true/false, 1/0, ya/tidak or yes/no, and money is plain digits.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from shared.nik_columns import check_niks

from .facts import ALL_FACT_KINDS, FACT_SPECS, _coerce
from .vectorised import Columns, small_codes

RowErrors = dict[int, list[tuple[str, str]]]
TRUE_WORDS = frozenset({"true", "1", "ya", "yes", "y"})
FALSE_WORDS = frozenset({"false", "0", "tidak", "no", "n"})
BIRTH_MISMATCH = "tanggal lahir tidak sesuai dengan NIK / birth_date does not match the NIK"
SEX_MISMATCH = "jenis kelamin tidak sesuai dengan NIK / sex does not match the NIK"
PLAIN_TYPES = {str, int, float, bool, type(None)}
CODED_KINDS = frozenset({"text", "enum", "regency"})  # few distinct values: kept as codes (vectorised.Columns)
GIVEN_BUT_EMPTY = " "  # a NIK of "" was sent: refused like parse_nik(""), unlike a missing one


def build_columns(raw: Mapping[str, Sequence[Any]], n: int, as_of: dt.date, *,
                  text: bool = False) -> tuple[Columns, RowErrors]:
    """Columns of valid facts and the field errors of the rows that are invalid (their values in
    the columns must not be read). Column names must be FACT_SPECS facts."""
    arrays: dict[str, np.ndarray] = {}
    coded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    errors: RowErrors = {}
    for name, values in raw.items():
        if name not in FACT_SPECS:
            raise ValueError(f"unknown fact column {name!r}")
        column, problems = _coerce_column(name, values, n, text)
        if isinstance(column, tuple):
            coded[name] = column
        else:
            arrays[name] = column
        _add_errors(errors, name, problems)
    if "sex" in coded and "nik" in arrays:  # compared with the NIK's row by row
        codes, texts = coded.pop("sex")
        arrays["sex"] = texts[codes]
    if "nik" in arrays:
        for field, problems in _derive_from_nik(arrays, n, as_of).items():
            _add_errors(errors, field, problems)
    if "has_e_ktp" in arrays:  # an e-KTP is a KTP
        ktp = arrays.get("has_ktp", np.full(n, -1, dtype=np.int8))
        arrays["has_ktp"] = np.where((ktp < 0) & (arrays["has_e_ktp"] == 1), 1, ktp).astype(np.int8)
    return Columns(n, arrays=arrays, coded=coded), errors


def _add_errors(errors: RowErrors, field: str, problems: dict[int, str]) -> None:
    for row, message in problems.items():
        errors.setdefault(row, []).append((field, message))


# --- one column: coerce each distinct value once -------------------------------------------------

def _coerce_column(name: str, values: Sequence[Any], n: int,
                   text: bool) -> tuple[np.ndarray | tuple[np.ndarray, np.ndarray], dict[int, str]]:
    """The column (a text fact coded: codes per row and the distinct texts) and its row errors."""
    if name == "nik" and (text or set(map(type, values)) <= {str, type(None)}):
        return _nik_texts(values, text), {}  # distinct per row: stripped in one go (_as_nik refuses only non-text)
    codes, distinct = _factorize(values, n, text)
    kind = ALL_FACT_KINDS[name]
    coerced, messages = [], []
    for raw_value in distinct:
        value = _decode_text(kind, raw_value) if text else raw_value
        ok, problem = (None, None) if value is None else _coerce(name, value)
        if kind == "nik" and ok == "":
            ok = GIVEN_BUT_EMPTY
        coerced.append(None if problem else ok)
        messages.append(problem)
    bad = np.array([m is not None for m in messages], dtype=bool)[codes]
    problems = {int(i): messages[codes[i]] for i in np.flatnonzero(bad)}
    if kind in CODED_KINDS:
        return (small_codes(codes, len(coerced)), _encode(kind, coerced)), problems
    return _encode(kind, coerced)[codes], problems


def _nik_texts(values: Sequence[str | None], text: bool) -> np.ndarray:
    given = np.array([v is not None for v in values], dtype=bool)
    stripped = np.char.strip(np.array([v or "" for v in values], dtype=str))
    if text:
        return stripped  # an empty cell is a missing NIK
    return np.where(given & (stripped == ""), GIVEN_BUT_EMPTY, stripped)


def _factorize(values: Sequence[Any], n: int, text: bool) -> tuple[np.ndarray, list[Any]]:
    """Codes per row and the distinct values they point to (dict lookups in C where possible)."""
    types = set() if text else set(map(type, values))  # CSV cells are text: no pass over them to learn it
    if text or (types <= PLAIN_TYPES and len(types - {type(None)}) <= 1):
        # one pass of dict lookups in C: each row gets the row number where its value first
        # appeared, renumbered 0.. afterwards (two passes cost 40 % more: the cells of an upload
        # lie far apart in memory, each visit misses the cache)
        index: dict[Any, int] = {}
        first = np.fromiter(map(index.setdefault, values, itertools.count()), dtype=np.int64, count=n)
        renumber = np.empty(n, dtype=np.int64)
        renumber[np.fromiter(index.values(), dtype=np.int64, count=len(index))] = np.arange(len(index))
        return renumber[first], list(index)
    # mixed JSON types: key by type too, since JSON true and 1 are different values (True == 1 in Python)
    keys = [_json_key(v) for v in values]
    index = {}
    firsts = []
    for key, value in zip(keys, values, strict=False):
        if key not in index:
            index[key] = len(firsts)
            firsts.append(value)
    return np.fromiter(map(index.__getitem__, keys), dtype=np.int64, count=n), firsts


def _json_key(value: Any) -> tuple[Any, ...]:
    try:
        hash(value)
    except TypeError:
        return (object, id(value))  # a list or object where a fact value belongs: refused per row
    return (type(value), value)


def _decode_text(kind: str, cell: Any) -> Any:
    """A CSV cell as the JSON value a one-by-one request would carry; None when empty."""
    if cell is None:
        return None
    value = str(cell).strip()
    if not value:
        return None
    if kind == "bool":
        word = value.lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else value
    if kind in ("money", "count"):
        return int(value) if value.isascii() and value.isdigit() else value
    return value


def _encode(kind: str, values: list[Any]) -> np.ndarray:
    """The Columns encoding of coerced values (None: missing)."""
    if kind == "bool":
        return np.array([-1 if v is None else int(v) for v in values], dtype=np.int8)
    if kind == "date":
        return np.array([np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in values],
                        dtype="datetime64[D]")
    if kind in ("money", "count"):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    return np.array(["" if v is None else v for v in values], dtype=str)


# --- the NIK, vectorised ----------------------------------------------------------------------------

def _derive_from_nik(arrays: dict[str, np.ndarray], n: int, as_of: dt.date) -> dict[str, dict[int, str]]:
    """Birth date, sex and region of issue from the NIK (parse_nik, by column in
    shared.nik_columns), then check the stated birth date and sex against it (check_nik_matches).
    Fills arrays in place."""
    niks = arrays["nik"]
    stated = arrays.get("birth_date", np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"))
    nik = check_niks(niks, as_of=as_of, stated=stated)
    parsed = nik.parsed
    stated_sex = arrays.get("sex", np.full(n, "", dtype="<U1"))
    birth_wrong = parsed & ~np.isnat(stated) & (stated != nik.birth)
    sex_wrong = parsed & (stated_sex != "") & (stated_sex != nik.sex)
    arrays["birth_date"] = np.where(parsed & np.isnat(stated), nik.birth, stated)
    arrays["sex"] = np.where(parsed & (stated_sex == ""), nik.sex, stated_sex)
    arrays["nik_regency_code"] = np.where(parsed, niks.astype("<U4"), "")  # astype keeps the first four
    return {"nik": nik.problems(), "birth_date": _rows(birth_wrong, BIRTH_MISMATCH),
            "sex": _rows(sex_wrong, SEX_MISMATCH)}


def _rows(mask: np.ndarray, message: str) -> dict[int, str]:
    return {int(i): message for i in np.flatnonzero(mask)}
