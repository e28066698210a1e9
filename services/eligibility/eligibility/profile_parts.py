"""The profile parts eligibility interprets, typed and registered with the regulation kernel,
and the interpretations its code reads by name. Conditions are typed by kind in
rules/compile.py (which reports every problem with its key); here they are mappings."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from shared.regulation import (
    DatedEntry,
    Interpretation,
    Note,
    Strict,
    declare_reads,
    register_compiler,
    register_part,
)

OWNER = "eligibility"
Programme = Literal["JKK", "JKM", "JHT", "JP", "JKP"]


class Programmes(Strict):
    value: list[Programme] = Field(min_length=1)
    citation: str


class Criterion(Strict):
    name: str
    fact: str
    label: str
    citation: str
    points: dict[str | bool, int] | None = None
    bands: list[dict[str, int]] | None = None
    per_unit: int | None = None
    cap: int | None = None


class Ranking(Strict):
    note: str | None = None
    criteria: list[Criterion]


class ReverificationReason(Strict):
    reason: str = Field(description="a termination reason id of registry.yaml")
    label: str
    citation: str
    when: dict[str, Any] | None = None
    scheme_rules_fail: list[str] | None = None


class Reverification(Strict):
    reasons: list[ReverificationReason]
    recipient_categories: list[str] = []


class Scheme(Strict):
    id: str | None = None
    label: str
    citation: str
    regulation: str | None = Field(default=None, description="id of a superseded regulation (default: current)")
    programs: Programmes
    conditions: list[dict[str, Any]] = Field(min_length=1)
    ranking: Ranking | None = None
    reverification: Reverification | None = None
    note: str | None = None


class EligibilityPart(Strict):
    """`eligibility.yaml`: the aid schemes and their conditions."""

    schemes: dict[str, Scheme] = {}
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


class ProgramsPart(Strict):
    """`programs.yaml`: the programmes a regency runs and the regency's own programme rules."""

    programs_run: list[DatedEntry[list[Programme]]] = Field(min_length=1)
    required_programs: dict[str, list[DatedEntry[dict[str, Any]]]] = {}
    benefits: dict[str, Any] = {}


class Situation(Strict):
    name: str
    label: str
    when: dict[str, Any]
    rules: list[DatedEntry[dict[str, Any]]]


class NationalProgramsPart(Strict):
    references: dict[str, str] = {}
    situations: list[Situation]
    jp_retirement_age: list[DatedEntry[int]]


class JhtEvent(Strict):
    name: str
    fact: str
    label: str
    citation: str


class BenefitsPart(Strict):
    jht_claim_age: list[DatedEntry[int]]
    jht_events: list[JhtEvent]
    jp_min_contribution_months: list[DatedEntry[int]]
    jkp_excluded_reasons: list[DatedEntry[list[str]]]
    jkp_reason_labels: dict[str, str]
    jkk_claim_lapse_years: list[DatedEntry[int]]
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


class WagesPart(Strict):
    umk: dict[str, list[DatedEntry[int]]] = Field(description="regency code -> dated UMK (whole rupiah)")


register_part("eligibility", EligibilityPart, owner=OWNER)
register_part("programs", ProgramsPart, owner=OWNER, required=True)
register_part("national/programs", NationalProgramsPart, owner=OWNER, required=True)
register_part("national/benefits", BenefitsPart, owner=OWNER, required=True)
register_part("national/wages", WagesPart, owner=OWNER, required=True)
declare_reads(OWNER, "national/benefits", "jkk_lapse_on_anniversary")


def compile_all(loaded) -> list[str]:
    """Compile every regency's schemes, conditions and programme rules (rules/compile.py)."""
    from eligibility.rules.errors import ProfileError
    from eligibility.rules.profiles import ProfileRegistry

    try:
        ProfileRegistry.from_profiles(loaded)
    except ProfileError as exc:
        return list(exc.problems)
    return []


register_compiler(OWNER, compile_all)
