"""The reporting part of a regency profile (`profiles/<code>-<slug>/reporting.yaml`).

Reading only: which reports the regulation requires and when, the UCJ coverage target,
the workforce estimate used as the coverage denominator, and the small-cell threshold.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.regulation import Citation, Dated, as_date, dated_list, profiles_at, value_on

from .data import DEFAULT_SECTIONS
from .suppression import SuppressionPolicy

FREQUENCIES = ("month", "quarter", "half_year", "year")
DUE_RULES = ("day_of_following_month", "days_after_period_end")


class ProfileError(ValueError):
    """The reporting.yaml file breaks its schema."""


@dataclass(frozen=True)
class DueRule:
    """When a report on a period is due. `rule` is one of DUE_RULES; `value` is the day of
    the following month or the number of days after the period end."""

    rule: str
    value: int
    citation: Citation | None = None
    interpretation: str | None = None   # name of the interpretation that sets `value`
    note: str | None = None


@dataclass(frozen=True)
class ReportObligation:
    id: str
    title: str
    frequency: str
    submitted_by: str
    submitted_to: str
    citation: Citation
    basis: str                 # "regulation" (the text says so) or "interpretation"
    due: DueRule
    valid_from: dt.date
    valid_until: dt.date | None
    note: str | None = None    # why, when basis is "interpretation"
    sections: tuple[str, ...] = DEFAULT_SECTIONS  # what the report holds, in order

    def in_force_during(self, start: dt.date, end: dt.date) -> bool:
        return self.valid_from <= end and (self.valid_until is None or start < self.valid_until)


@dataclass(frozen=True)
class ReportingProfile:
    regency_code: str
    regulation: str
    reports: tuple[ReportObligation, ...]
    ucj_target: tuple[Dated[float], ...]
    interim_targets: tuple[Dated[float], ...]
    workforce_estimate: tuple[Dated[int | None], ...]
    workforce_note: str
    small_cell: SuppressionPolicy
    interpretations: dict[str, dict]
    ucj_basis: str = "regulation"   # or "interpretation" when the text does not name UCJ
    ucj_note: str = ""

    def report(self, report_id: str) -> ReportObligation:
        for obligation in self.reports:
            if obligation.id == report_id:
                return obligation
        raise KeyError(report_id)

    def ucj_target_on(self, day: dt.date) -> float | None:
        entry = value_on(self.ucj_target, day)
        return entry.value if entry else None

    def interim_target_on(self, day: dt.date) -> float | None:
        entry = value_on(self.interim_targets, day)
        return entry.value if entry else None

    def workforce_on(self, day: dt.date) -> int | None:
        entry = value_on(self.workforce_estimate, day)
        return entry.value if entry else None


def _interpretation_choice(interpretations: dict, name: str) -> Any:
    if name not in interpretations or "choice" not in interpretations[name]:
        raise ProfileError(f"interpretation {name!r} is referenced but not defined")
    return interpretations[name]["choice"]


def _parse_due(raw: dict, interpretations: dict, regulation: str) -> DueRule:
    rule = raw.get("rule")
    if rule not in DUE_RULES:
        raise ProfileError(f"due.rule must be one of {DUE_RULES}, got {rule!r}")
    name = raw.get("interpretation")
    value = _interpretation_choice(interpretations, name) if name else raw.get("value")
    if not isinstance(value, int) or value < 1:
        raise ProfileError(f"due value for rule {rule} must be a positive integer, got {value!r}")
    citation = raw.get("citation") or (interpretations[name].get("citation") if name else None)
    return DueRule(rule, value, Citation.parse(citation, regulation=regulation) if citation else None,
                   name, interpretations[name].get("note") if name else None)


def _parse_report(raw: dict, interpretations: dict, regulation: str) -> ReportObligation:
    if raw.get("frequency") not in FREQUENCIES:
        raise ProfileError(f"report {raw.get('id')}: frequency must be one of {FREQUENCIES}")
    if raw.get("basis") not in ("regulation", "interpretation"):
        raise ProfileError(f"report {raw.get('id')}: basis must be 'regulation' or 'interpretation'")
    note = raw.get("note")
    if raw.get("interpretation"):
        note = interpretations.get(raw["interpretation"], {}).get("note", note)
    return ReportObligation(
        id=raw["id"], title=raw["title"], frequency=raw["frequency"],
        submitted_by=raw["submitted_by"], submitted_to=raw["submitted_to"],
        citation=Citation.parse(raw["citation"], regulation=regulation), basis=raw["basis"],
        due=_parse_due(raw["due"], interpretations, regulation),
        valid_from=as_date(raw["from"]), valid_until=as_date(raw.get("until")), note=note,
        sections=tuple(raw.get("sections") or DEFAULT_SECTIONS),
    )


def _parse_small_cell(raw: dict | None) -> SuppressionPolicy:
    raw = raw or {}
    threshold = raw.get("threshold", SuppressionPolicy.threshold)
    if not isinstance(threshold, int) or threshold < 1:
        raise ProfileError(f"small_cell.threshold must be a positive integer, got {threshold!r}")
    return SuppressionPolicy(threshold=threshold, suppress_zero=bool(raw.get("suppress_zero", True)))


def parse_reporting_profile(data: dict, *, regency_code: str, regulation: str) -> ReportingProfile:
    """Pure: a reporting.yaml mapping to a ReportingProfile; citations read against `regulation`
    (the regency's regulation title, e.g. "Perbup Sambas No. 59/2025")."""
    interpretations = data.get("interpretations") or {}
    ucj = data.get("ucj") or {}
    workforce = data.get("workforce_estimate") or {}
    return ReportingProfile(
        regency_code=regency_code,
        regulation=regulation,
        reports=tuple(_parse_report(r, interpretations, regulation) for r in data.get("reports", [])),
        ucj_target=tuple(dated_list(ucj.get("coverage_target_percent", []), regulation=regulation)),
        interim_targets=tuple(dated_list(ucj.get("interim_targets_percent", []), regulation=regulation)),
        workforce_estimate=tuple(dated_list(workforce.get("values", []), regulation=regulation)),
        workforce_note=workforce.get("note", ""),
        small_cell=_parse_small_cell(data.get("small_cell")),
        interpretations=interpretations,
        ucj_basis=ucj.get("basis", "regulation"),
        ucj_note=ucj.get("note", ""),
    )


def load_reporting_profile(regency_code: str, *, regulation: str | None = None,
                           base: Path | None = None) -> ReportingProfile:
    """`reporting.yaml` as the regulation kernel validated it; citations are read against
    `regulation`, by default regency.yaml's regulation title."""
    regency = profiles_at(base).regency(regency_code)
    if regency is None or not regency.has("reporting"):
        raise LookupError(f"no reporting.yaml for regency {regency_code}")
    return parse_reporting_profile(regency.part("reporting"), regency_code=regency_code,
                                   regulation=regulation or regency.title)
