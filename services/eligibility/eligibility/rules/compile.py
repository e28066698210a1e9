"""Turn profile YAML into compiled conditions, collecting every problem instead of stopping at
the first, so an administrator sees all mistakes in a profile at once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.regulation import Citation, Dated, as_date, dated_list

from .conditions import (
    AgeBetween,
    AllOf,
    AnyOf,
    Condition,
    DomicileIsRegency,
    FactIn,
    FactPresent,
    FactTrue,
    FlagOrListed,
    IncomeBelowUmk,
    Not,
    RoleMatchesReligion,
)
from .facts import ALL_FACT_KINDS, FACT_SPECS, RELIGIONS, normalise_text

COMMON_KEYS = {"kind", "name", "citation", "label", "see_also", "applies_if", "note"}
TEXT_KINDS = {"text", "enum", "regency", "nik"}


@dataclass(frozen=True)
class Interpretation:
    """A named reading of an ambiguous or defective text; code reads `choice`."""

    name: str
    choice: Any
    note: str
    citation: str | None


class Compiler:
    def __init__(self, *, source: str, regulation_title: str, interpretations: dict[str, Interpretation],
                 occupations: dict[str, tuple[tuple[str, str], ...]] | None = None):
        self.source = source
        self.regulation_title = regulation_title
        self.interpretations = interpretations
        self.occupations = occupations or {}  # participants.yaml: category id -> ((occupation id, label), ...)
        self.problems: list[str] = []
        self._citations_required = True

    # --- plumbing ------------------------------------------------------------------------------
    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.source}: {where}: {message}")

    def citation(self, text: Any, where: str, *, required: bool = True) -> str | None:
        if not text:
            if required:
                self.problem(where, "citation is required (every rule cites its article)")
            return None
        if not isinstance(text, str):
            self.problem(where, "citation must be a string like 'Pasal 26(1) huruf d'")
            return None
        citation = Citation.parse(text, regulation=self.regulation_title)
        if citation.pasal is None and "Pasal" in text:
            self.problem(where, f"citation {text!r} is not of the form 'Pasal 26(1) huruf d'")
        if not citation.regulation:
            self.problem(where, f"citation {text!r} must name its regulation (e.g. 'PP 45/2015 Pasal 15')")
        return str(citation)

    def resolve(self, value: Any, where: str) -> Any:
        """A parameter may name an interpretation: `{interpretation: name}` reads its choice."""
        if isinstance(value, dict) and set(value) == {"interpretation"}:
            name = value["interpretation"]
            if name not in self.interpretations:
                self.problem(where, f"interpretation {name!r} is not defined")
                return None
            return self.interpretations[name].choice
        return value

    def applies(self, spec: dict, where: str) -> bool:
        """`applies_if: {interpretation: name, equals: value}` keeps a rule only for that choice."""
        cond = spec.get("applies_if")
        if cond is None:
            return True
        name = cond.get("interpretation") if isinstance(cond, dict) else None
        if name not in self.interpretations or "equals" not in cond:
            self.problem(where, "applies_if needs {interpretation: <defined name>, equals: <choice>}")
            return False
        return self.interpretations[name].choice == cond["equals"]

    def dated(self, entries: Any, where: str) -> tuple[Dated, ...]:
        if not isinstance(entries, list) or not entries:
            self.problem(where, "expected a non-empty list of {value, from, until, citation}")
            return ()
        try:
            return tuple(dated_list(entries, regulation=self.regulation_title))
        except (KeyError, TypeError, ValueError) as exc:
            self.problem(where, f"invalid dated entry ({exc!r})")
            return ()

    def date(self, value: Any, where: str):
        try:
            return as_date(value)
        except (TypeError, ValueError):
            self.problem(where, f"not a date: {value!r}")
            return None

    # --- conditions ----------------------------------------------------------------------------
    def condition(self, spec: Any, where: str, *, require_citation: bool | None = None) -> Condition | None:
        """Compile one condition; None when it does not apply under the chosen interpretations
        or is invalid (the problem is recorded). Nested conditions inherit `require_citation`."""
        saved = self._citations_required
        if require_citation is not None:
            self._citations_required = require_citation
        try:
            return self._condition(spec, where)
        finally:
            self._citations_required = saved

    def _condition(self, spec: Any, where: str) -> Condition | None:
        if not isinstance(spec, dict) or spec.get("kind") not in _BUILDERS:
            self.problem(where, f"unknown condition kind {spec.get('kind') if isinstance(spec, dict) else spec!r}; "
                                f"known: {sorted(_BUILDERS)}")
            return None
        if not self.applies(spec, where):
            return None
        builder, allowed = _BUILDERS[spec["kind"]]
        unknown = set(spec) - COMMON_KEYS - allowed
        if unknown:
            self.problem(where, f"unknown keys {sorted(unknown)} for kind {spec['kind']}")
        common = {
            "name": str(spec.get("name") or spec.get("fact") or spec["kind"]),
            "citation": self.citation(spec.get("citation"), where, required=self._citations_required),
            "label": spec.get("label"),
            "see_also": tuple(filter(None, (self.citation(c, where) for c in spec.get("see_also", ())))),
        }
        return builder(self, spec, where, common)

    def fact(self, spec: dict, key: str, where: str, kinds: set[str]) -> str:
        name = spec.get(key)
        if name not in ALL_FACT_KINDS:
            self.problem(where, f"{key}: unknown fact {name!r}")
        elif ALL_FACT_KINDS[name] not in kinds:
            self.problem(where, f"{key}: fact {name!r} is {ALL_FACT_KINDS[name]}, expected one of {sorted(kinds)}")
        return name or ""

    def occupation_labels(self, spec: Any, where: str) -> Any:
        """`{occupations_of: <category>, except: [ids], plus: [texts]}`: the labels of a
        participants.yaml category's occupations (their one home), minus some, plus the other words
        applicants use for them."""
        if not isinstance(spec, dict) or "occupations_of" not in spec:
            return spec
        unknown = set(spec) - {"occupations_of", "except", "plus"}
        category = self.occupations.get(spec["occupations_of"])
        if unknown or category is None:
            self.problem(where, f"values: occupations_of must name a participants.yaml category "
                                f"({sorted(self.occupations)}), with optional except/plus")
            return None
        left_out = set(spec.get("except") or ())
        if left_out - {occupation_id for occupation_id, _ in category}:
            self.problem(where, f"values.except: unknown occupations {sorted(left_out)}")
        labels = [label for occupation_id, label in category if occupation_id not in left_out]
        return labels + list(spec.get("plus") or ())

    def text_values(self, fact: str, values: Any, where: str) -> tuple[str, ...]:
        values = self.occupation_labels(self.resolve(values, where), where)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            self.problem(where, "values must be a non-empty list of strings")
            return ()
        spec = FACT_SPECS.get(fact)
        if spec and spec[0] == "enum":
            bad = [v for v in values if v not in spec[1]]
            if bad:
                self.problem(where, f"values {bad} are not allowed for {fact} ({list(spec[1])})")
            return tuple(values)
        return tuple(normalise_text(v) for v in values)

    def options(self, spec: dict, where: str) -> tuple[Condition, ...]:
        raw = spec.get("options")
        if not isinstance(raw, list) or len(raw) < 2:
            self.problem(where, "options must list at least two conditions")
            return ()
        compiled = (self.condition(o, f"{where}.options[{i}]") for i, o in enumerate(raw))
        return tuple(c for c in compiled if c is not None)


def _age(c: Compiler, spec, where, common):
    bounds = spec.get("bounds")
    if not isinstance(bounds, dict) or not ({"min", "max"} & set(bounds)):
        c.problem(where, "age_between needs bounds {min, min_inclusive, max, max_inclusive}")
        return None
    for side in ("min", "max"):
        explicit = isinstance(bounds.get(f"{side}_inclusive"), bool)  # `age_*` readings: never implicit
        if side in bounds and (not isinstance(bounds[side], int) or not explicit):
            c.problem(where, f"bound {side} needs an integer and an explicit {side}_inclusive true/false")
            return None
    return AgeBetween(**common, min=bounds.get("min"), min_inclusive=bounds.get("min_inclusive", True),
                      max=bounds.get("max"), max_inclusive=bounds.get("max_inclusive", True))


def _fact_true(c, spec, where, common):
    return FactTrue(**common, fact=c.fact(spec, "fact", where, {"bool"}), expected=True)


def _fact_false(c, spec, where, common):
    return FactTrue(**common, fact=c.fact(spec, "fact", where, {"bool"}), expected=False)


def _fact_equals(c, spec, where, common):
    fact = c.fact(spec, "fact", where, TEXT_KINDS)
    return FactIn(**common, fact=fact, values=c.text_values(fact, [c.resolve(spec.get("value"), where)], where))


def _fact_in(c, spec, where, common):
    fact = c.fact(spec, "fact", where, TEXT_KINDS)
    return FactIn(**common, fact=fact, values=c.text_values(fact, spec.get("values"), where))


def _fact_present(c, spec, where, common):
    return FactPresent(**common, fact=c.fact(spec, "fact", where, set(ALL_FACT_KINDS.values())))


def _domicile(c, spec, where, common):
    return DomicileIsRegency(**common)


def _income(c, spec, where, common):
    return IncomeBelowUmk(**common)


def _flag_or_listed(c, spec, where, common):
    fact = c.fact(spec, "fact", where, {"text"})
    return FlagOrListed(**common, flag=c.fact(spec, "flag", where, {"bool"}), fact=fact,
                        values=c.text_values(fact, spec.get("values"), where))


def _roles(c, spec, where, common):
    raw = spec.get("roles")
    unlisted = c.resolve(spec.get("unlisted_role", "fail"), where)
    if not isinstance(raw, dict) or set(raw) - set(RELIGIONS):
        c.problem(where, f"roles must map religions {list(RELIGIONS)} to lists of roles")
        return None
    if unlisted not in ("fail", "pass"):
        c.problem(where, "unlisted_role must be 'fail' or 'pass'")
    roles = tuple((religion, c.text_values("religious_role", r, f"{where}.roles.{religion}"))
                  for religion, r in raw.items())
    return RoleMatchesReligion(**common, roles=roles, unlisted_role=unlisted)


def _any_of(c, spec, where, common):
    return AnyOf(**common, options=c.options(spec, where))


def _all_of(c, spec, where, common):
    return AllOf(**common, options=c.options(spec, where))


def _not(c, spec, where, common):
    inner = c.condition(spec.get("condition"), f"{where}.condition", require_citation=False)
    return Not(**common, option=inner) if inner else None


_BUILDERS = {
    "age_between": (_age, {"bounds"}),
    "fact_true": (_fact_true, {"fact"}),
    "fact_false": (_fact_false, {"fact"}),
    "fact_equals": (_fact_equals, {"fact", "value"}),
    "fact_in": (_fact_in, {"fact", "values"}),
    "fact_present": (_fact_present, {"fact"}),
    "domicile_is_regency": (_domicile, set()),
    "income_below_umk": (_income, set()),
    "flag_or_listed": (_flag_or_listed, {"flag", "fact", "values"}),
    "role_matches_religion": (_roles, {"roles", "unlisted_role"}),
    "any_of": (_any_of, {"options"}),
    "all_of": (_all_of, {"options"}),
    "not": (_not, {"condition"}),
}
