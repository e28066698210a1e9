"""The condition vocabulary profiles are written in, each kind with its scalar and its vectorised
implementation side by side, so the one-by-one engine and the batch evaluator cannot drift apart
(tests prove them equal row by row). A new regency needs profile data, never a new kind.

Three-valued logic: PASS, FAIL, or UNKNOWN when a fact the condition needs is missing; an
UNKNOWN condition names the missing facts. `any_of` passes when one option passes (the
regulations' "dan/atau"), fails when all fail, otherwise is UNKNOWN.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .age import age_on

PASS, FAIL, UNKNOWN = 1, 0, -1


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int
    facts: dict[str, Any]
    missing: tuple[str, ...] = ()
    options: tuple[tuple[Condition, Outcome], ...] = ()


@dataclass(slots=True)
class VecOutcome:
    status: np.ndarray                      # int8: PASS / FAIL / UNKNOWN per row
    missing: dict[str, np.ndarray]          # fact -> rows where it is reported missing


class EvalContext:
    """What a decision depends on besides the applicant: the date and the regency's parameters."""

    __slots__ = ("as_of", "regency_code", "_umk_on", "_umk")

    def __init__(self, as_of: dt.date, regency_code: str, umk_on: Callable[[dt.date], int | None] | None = None):
        self.as_of = as_of
        self.regency_code = regency_code
        self._umk_on = umk_on
        self._umk: tuple[int | None] | None = None

    @property
    def umk(self) -> int | None:
        """The regency minimum wage (UMK) of the year in force on `as_of` (None if not recorded)."""
        if self._umk is None:
            self._umk = (self._umk_on(self.as_of) if self._umk_on else None,)
        return self._umk[0]


@dataclass(frozen=True)
class Condition:
    name: str
    citation: str | None = None
    label: str | None = None
    see_also: tuple[str, ...] = field(default=(), kw_only=True)

    kind = "condition"

    def needs(self) -> tuple[str, ...]:
        """Facts this condition reads, in the order they are reported missing."""
        raise NotImplementedError

    def scalar(self, facts, ctx: EvalContext) -> Outcome:
        raise NotImplementedError

    def vector(self, cols, ctx: EvalContext) -> VecOutcome:
        raise NotImplementedError

    def requirement(self, ctx: EvalContext) -> str:
        raise NotImplementedError


def _leaf(status: np.ndarray, missing: dict[str, np.ndarray]) -> VecOutcome:
    unknown = status == UNKNOWN
    return VecOutcome(status, {f: m & unknown for f, m in missing.items()})


def _tri(known: np.ndarray, passed: np.ndarray) -> np.ndarray:
    return np.where(known, np.where(passed, PASS, FAIL), UNKNOWN).astype(np.int8)


def _text_leaf(cols, fact: str, passes: Callable[[np.ndarray], np.ndarray]) -> VecOutcome:
    """A condition on one text fact, decided once per distinct text (cols.coded), then looked
    up per row: no string comparison per row. '' is a missing fact."""
    codes, texts = cols.coded(fact)
    known = texts != ""
    status = np.take(_tri(known, passes(texts)), codes)
    return VecOutcome(status, {fact: np.take(~known, codes)})


# --- age ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgeBetween(Condition):
    """Completed years on the decision date within bounds; each bound inclusive or not
    (the `age_*` interpretations of regency.yaml)."""

    min: int | None = None
    min_inclusive: bool = True
    max: int | None = None
    max_inclusive: bool = True
    kind = "age_between"

    def needs(self):
        return ("birth_date",)

    def _ok(self, age):
        ok = True
        if self.min is not None:
            ok = ok & ((age >= self.min) if self.min_inclusive else (age > self.min))
        if self.max is not None:
            ok = ok & ((age <= self.max) if self.max_inclusive else (age < self.max))
        return ok

    def scalar(self, facts, ctx):
        birth = facts.birth_date
        if birth is None:
            return Outcome(UNKNOWN, {"age": None}, ("birth_date",))
        age = age_on(birth, ctx.as_of)
        return Outcome(PASS if self._ok(age) else FAIL, {"age": age})

    def vector(self, cols, ctx):
        ages, known = cols.ages(ctx.as_of)
        return _leaf(_tri(known, self._ok(ages)), {"birth_date": ~known})

    def requirement(self, ctx):
        parts = []
        if self.min is not None:
            parts.append(f"{self.min} {'<=' if self.min_inclusive else '<'} ")
        parts.append("age")
        if self.max is not None:
            parts.append(f" {'<=' if self.max_inclusive else '<'} {self.max}")
        return "".join(parts)


# --- single facts ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FactTrue(Condition):
    fact: str = ""
    expected: bool = True
    kind = "fact_true"

    def needs(self):
        return (self.fact,)

    def scalar(self, facts, ctx):
        value = facts.get(self.fact)
        if value is None:
            return Outcome(UNKNOWN, {self.fact: None}, (self.fact,))
        return Outcome(PASS if value is self.expected else FAIL, {self.fact: value})

    def vector(self, cols, ctx):
        flags = cols.flag(self.fact)
        # -1 / 0 / 1 already are UNKNOWN / FAIL / PASS when true is expected
        status = np.clip(flags, UNKNOWN, PASS) if self.expected else _tri(flags >= 0, flags == 0)
        return VecOutcome(status, {self.fact: status == UNKNOWN})

    def requirement(self, ctx):
        return f"{self.fact} = {'true' if self.expected else 'false'}"


@dataclass(frozen=True)
class FactIn(Condition):
    """A text fact equal to one value (`fact_equals`) or one of several (`fact_in`)."""

    fact: str = ""
    values: tuple[str, ...] = ()
    kind = "fact_in"

    def needs(self):
        return (self.fact,)

    def scalar(self, facts, ctx):
        value = facts.get(self.fact)
        if value is None:
            return Outcome(UNKNOWN, {self.fact: None}, (self.fact,))
        return Outcome(PASS if value in self.values else FAIL, {self.fact: value})

    def vector(self, cols, ctx):
        return _text_leaf(cols, self.fact, lambda texts: np.isin(texts, self.values))

    def requirement(self, ctx):
        if len(self.values) == 1:
            return f"{self.fact} = {self.values[0]}"
        return f"{self.fact} in [{', '.join(self.values)}]"


@dataclass(frozen=True)
class FactPresent(Condition):
    """The fact is stated (e.g. a NIK). Absence fails rather than asks: the value is not shown."""

    fact: str = ""
    kind = "fact_present"

    def needs(self):
        return ()

    def scalar(self, facts, ctx):
        given = facts.get(self.fact) is not None
        return Outcome(PASS if given else FAIL, {f"{self.fact}_given": given})

    def vector(self, cols, ctx):
        return _leaf(np.where(cols.present(self.fact), PASS, FAIL).astype(np.int8), {})

    def requirement(self, ctx):
        return f"{self.fact} given"


@dataclass(frozen=True)
class DomicileIsRegency(Condition):
    kind = "domicile_is_regency"

    def needs(self):
        return ("domicile_regency_code",)

    def scalar(self, facts, ctx):
        value = facts.domicile_regency_code
        if value is None:
            return Outcome(UNKNOWN, {"domicile_regency_code": None}, ("domicile_regency_code",))
        return Outcome(PASS if value == ctx.regency_code else FAIL, {"domicile_regency_code": value})

    def vector(self, cols, ctx):
        return _text_leaf(cols, "domicile_regency_code", lambda texts: texts == ctx.regency_code)

    def requirement(self, ctx):
        return f"domicile_regency_code = {ctx.regency_code}"


@dataclass(frozen=True)
class IncomeBelowUmk(Condition):
    """Monthly income below the regency minimum wage of the year in force. A year whose UMK
    nobody has recorded yet is reported as the missing fact `umk`, never guessed."""

    kind = "income_below_umk"

    def needs(self):
        return ("monthly_income", "umk")

    def scalar(self, facts, ctx):
        income, umk = facts.monthly_income, ctx.umk
        missing = tuple(n for n, v in (("monthly_income", income), ("umk", umk)) if v is None)
        if missing:
            return Outcome(UNKNOWN, {"monthly_income": income, "umk": umk}, missing)
        return Outcome(PASS if income < umk else FAIL, {"monthly_income": income, "umk": umk})

    def vector(self, cols, ctx):
        income = cols.number("monthly_income")
        umk = ctx.umk
        known_income = ~np.isnan(income)
        if umk is None:
            status = np.full(cols.n, UNKNOWN, dtype=np.int8)
            return _leaf(status, {"monthly_income": ~known_income, "umk": np.ones(cols.n, dtype=bool)})
        return _leaf(_tri(known_income, income < umk), {"monthly_income": ~known_income})

    def requirement(self, ctx):
        umk = ctx.umk
        shown = str(umk) if umk is not None else "belum dicatat / not recorded"
        return f"monthly_income < UMK {ctx.as_of.year} ({shown})"


@dataclass(frozen=True)
class FlagOrListed(Condition):
    """Belongs to a category: the flag is true, or the listed fact (occupation) is on the
    regency's list. An explicit false flag with an unlisted occupation fails; otherwise the flag
    is asked for."""

    flag: str = ""
    fact: str = ""
    values: tuple[str, ...] = ()
    kind = "flag_or_listed"

    def needs(self):
        return (self.flag,)

    def scalar(self, facts, ctx):
        flag, value = facts.get(self.flag), facts.get(self.fact)
        shown = {self.flag: flag, self.fact: value}
        if flag is True or (value is not None and value in self.values):
            return Outcome(PASS, shown)
        if flag is False:
            return Outcome(FAIL, shown)
        return Outcome(UNKNOWN, shown, (self.flag,))

    def vector(self, cols, ctx):
        flags = cols.flag(self.flag)
        codes, texts = cols.coded(self.fact)
        listed = np.take(np.isin(texts, self.values), codes)
        status = np.where((flags == 1) | listed, PASS, np.where(flags == 0, FAIL, UNKNOWN)).astype(np.int8)
        return _leaf(status, {self.flag: flags < 0})

    def requirement(self, ctx):
        return f"{self.flag} = true or {self.fact} in the regency's list"


@dataclass(frozen=True)
class RoleMatchesReligion(Condition):
    """The religious role is one the regulation lists for the applicant's religion."""

    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unlisted_role: str = "fail"
    kind = "role_matches_religion"

    def needs(self):
        return ("religion", "religious_role")

    @cached_property
    def _pairs(self) -> tuple[str, ...]:
        return tuple(f"{religion}|{role}" for religion, roles in self.roles for role in roles)

    @cached_property
    def _pair_set(self) -> frozenset[str]:
        return frozenset(self._pairs)

    def scalar(self, facts, ctx):
        religion, role = facts.religion, facts.religious_role
        shown = {"religion": religion, "religious_role": role}
        missing = tuple(n for n, v in (("religion", religion), ("religious_role", role)) if v is None)
        if missing:
            return Outcome(UNKNOWN, shown, missing)
        listed = f"{religion}|{role}" in self._pair_set or self.unlisted_role == "pass"
        return Outcome(PASS if listed else FAIL, shown)

    def vector(self, cols, ctx):
        religion, role = cols.text("religion"), cols.text("religious_role")
        known_religion, known_role = religion != "", role != ""
        pairs = np.char.add(np.char.add(religion, "|"), role)
        listed = np.isin(pairs, self._pairs) | (self.unlisted_role == "pass")
        status = _tri(known_religion & known_role, listed)
        return _leaf(status, {"religion": ~known_religion, "religious_role": ~known_role})

    def requirement(self, ctx):
        return "religious_role listed for the applicant's religion"


# --- combinators -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Compound(Condition):
    """Conditions over options; subclasses say how option outcomes combine (scalar and columns)."""

    options: tuple[Condition, ...] = ()

    def needs(self):
        return tuple(dict.fromkeys(f for option in self.options for f in option.needs()))

    def scalar(self, facts, ctx):
        results = tuple((option, option.scalar(facts, ctx)) for option in self.options)
        return _combine(self.combine([r.status for _, r in results]), results)

    def vector(self, cols, ctx):
        results = [option.vector(cols, ctx) for option in self.options]
        stack = np.stack([r.status for r in results])
        return _combine_vec(self.combine_columns(stack).astype(np.int8), results)

    def requirement(self, ctx):
        return f" {self.joiner} ".join(f"({option.requirement(ctx)})" for option in self.options)


@dataclass(frozen=True)
class AnyOf(_Compound):
    kind = "any_of"
    joiner = "or"

    @staticmethod
    def combine(statuses):
        return PASS if PASS in statuses else (FAIL if all(s == FAIL for s in statuses) else UNKNOWN)

    @staticmethod
    def combine_columns(stack):
        return np.where((stack == PASS).any(0), PASS, np.where((stack == FAIL).all(0), FAIL, UNKNOWN))


@dataclass(frozen=True)
class AllOf(_Compound):
    kind = "all_of"
    joiner = "and"

    @staticmethod
    def combine(statuses):
        return FAIL if FAIL in statuses else (UNKNOWN if UNKNOWN in statuses else PASS)

    @staticmethod
    def combine_columns(stack):
        return np.where((stack == FAIL).any(0), FAIL, np.where((stack == UNKNOWN).any(0), UNKNOWN, PASS))


@dataclass(frozen=True)
class Not(Condition):
    option: Condition | None = None
    kind = "not"

    def needs(self):
        return self.option.needs()

    def scalar(self, facts, ctx):
        inner = self.option.scalar(facts, ctx)
        status = {PASS: FAIL, FAIL: PASS}.get(inner.status, UNKNOWN)
        return Outcome(status, inner.facts, inner.missing, ((self.option, inner),))

    def vector(self, cols, ctx):
        inner = self.option.vector(cols, ctx)
        status = np.where(inner.status == PASS, FAIL, np.where(inner.status == FAIL, PASS, UNKNOWN))
        return VecOutcome(status.astype(np.int8), inner.missing)

    def requirement(self, ctx):
        return f"not ({self.option.requirement(ctx)})"


def _combine(status: int, results) -> Outcome:
    shown: dict[str, Any] = {}
    missing: list[str] = []
    for _, result in results:
        shown.update(result.facts)
        if status == UNKNOWN and result.status == UNKNOWN:
            missing.extend(m for m in result.missing if m not in missing)
    return Outcome(status, shown, tuple(missing), results)


def _combine_vec(status: np.ndarray, results: list[VecOutcome]) -> VecOutcome:
    merged: dict[str, np.ndarray] = {}
    for result in results:
        for fact, mask in result.missing.items():
            merged[fact] = merged[fact] | mask if fact in merged else mask
    return _leaf(status, merged)


KINDS: dict[str, type[Condition]] = {
    cls.kind: cls for cls in (AgeBetween, FactTrue, FactIn, FactPresent, DomicileIsRegency,
                              IncomeBelowUmk, FlagOrListed, RoleMatchesReligion, AnyOf, AllOf, Not)
}
