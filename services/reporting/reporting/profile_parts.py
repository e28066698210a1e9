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


class NationalTarget(Strict):
    """One national coverage target as a dated value with its source. `basis: reported` when the
    figure is quoted by a secondary source (news, an official's statement), not read in the text."""

    id: str
    label: str = Field(description="how reports name it, e.g. 'Target nasional (RPJMN 2020-2024)'")
    kind: Literal["national_plan", "institution_target"] = Field(
        description="national_plan: a national regulation's target (RPJMN); institution_target: an "
                    "institution's own target (BPJS Ketenagakerjaan), not a regulation")
    measure: str = Field(description="what the percentage counts, in the source's words")
    value_percent: float = Field(gt=0, le=100)
    target_year: int = Field(ge=2000, le=2100)
    workers: int | None = Field(default=None, description="the target as a number of workers, where stated")
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    basis: Literal["regulation", "reported"]
    citation: str | None = Field(default=None, description="the regulation the target belongs to, if any")
    source: str = Field(min_length=3, max_length=60, description="where it was published, short "
                        "(reports print it after the figure), e.g. 'Bisnis.com, 15 November 2021'")
    source_detail: str = Field(min_length=3, description="who said it, to whom, when")
    source_urls: list[str] = Field(min_length=1)
    note: str = Field(min_length=1, description="what is reported and what must be confirmed")

    def in_force(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.until is None or day < self.until)


class NationalTargetsPart(Strict):
    """`national/targets.yaml`: national coverage targets shown beside the regency's own."""

    targets: list[NationalTarget]


register_part("national/targets", NationalTargetsPart, owner=OWNER)


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
