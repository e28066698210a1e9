"""The profile part reporting interprets (`reporting.yaml`), typed and registered with the
regulation kernel. Reporting also shows labels from participants.yaml and sanctions.yaml,
which it reads through the kernel without owning them."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from reporting.reports.data import SECTIONS
from shared.regulation import DatedEntry, Interpretation, Note, Strict, register_compiler, register_part

OWNER = "reporting"


class Due(Strict):
    rule: Literal["day_of_following_month", "days_after_period_end"]
    value: int | None = None
    citation: str | None = None
    interpretation: str | None = None
    note: str | None = None


class Report(Strict):
    id: str
    title: str
    frequency: Literal["month", "quarter", "half_year", "year"]
    submitted_by: str
    submitted_to: str
    citation: str
    basis: Literal["regulation", "interpretation"]
    due: Due
    interpretation: str | None = None
    note: str | None = None
    sections: list[Literal[SECTIONS]] | None = Field(default=None, description=(
        "what this kind of report holds, in order (the article says what it reports on); "
        "absent: the statistics of every period report"))
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None


class Ucj(Strict):
    basis: Literal["regulation", "interpretation"] = "regulation"
    note: str | None = None
    coverage_target_percent: list[DatedEntry[float]]
    interim_targets_percent: list[DatedEntry[float]] = []


class WorkforceValue(Strict):
    value: int | None
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    source: str | None = None
    updated_on: dt.date | None = None


class Workforce(Strict):
    note: str
    values: list[WorkforceValue]


class SmallCell(Strict):
    threshold: int = Field(ge=1)
    suppress_zero: bool
    citation: str | None = None
    note: str | None = None


class ReportingPart(Strict):
    """`reporting.yaml`: the reports the regulation requires and when, the UCJ target, the
    workforce estimate and the small-cell threshold."""

    reports: list[Report]
    ucj: Ucj
    workforce_estimate: Workforce
    small_cell: SmallCell
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


register_part("reporting", ReportingPart, owner=OWNER)


def compile_all(loaded) -> list[str]:
    """Build every regency's reporting profile (due rules, interpretations named by reports)."""
    from reporting.reports.profile import ProfileError, parse_reporting_profile

    problems = []
    for code in loaded.codes_with("reporting"):
        regency = loaded.regency(code)
        try:
            parse_reporting_profile(regency.part("reporting"), regency_code=code, regulation=regency.title)
        except (ProfileError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"{regency.folder.name}/reporting.yaml: {exc}")
    return problems


register_compiler(OWNER, compile_all)
