"""The profile parts contribution-aid interprets, typed (registered with the regulation kernel),
and the interpretations its code reads by name. Citations are read against regency.yaml's title."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from shared.approvals.policy import register as register_approvals
from shared.regulation import (
    DatedEntry,
    Interpretation,
    Note,
    Strict,
    declare_choice,
    declare_reads,
    register_compiler,
    register_part,
)

OWNER = "contribution-aid"


class Cited(Strict):
    citation: str


class AidedPrograms(Strict):
    programs: list[Literal["JKK", "JKM", "JHT", "JP", "JKP"]] = Field(min_length=1)
    citation: str


class FundingSource(Strict):
    label: str
    citation: str
    invoice_recipient: Literal["agency", "company", "village", "province"]
    invoice_citation: str | None = None
    invoice_interpretation: str | None = None
    payment_citation: str | None = None
    accountability: Literal["agency", "company"] | None = None
    note: str | None = None


class Earmark(Strict):
    source: str
    rule: Literal["schemes", "village_kind", "own_village", "payer_kind"]
    values: list[str] = []
    options: dict[str, list[str]] | None = None
    citation: str | None = None
    interpretation: str | None = None
    note: str | None = None


class Ruling(Strict):
    """A yes/no rule: `{allowed|value: bool, citation}` or `{interpretation: <name>}`."""

    allowed: bool | None = None
    value: bool | None = None
    citation: str | None = None
    interpretation: str | None = None


class Stopping(Strict):
    citation: str = Field(description="the article that stops the payment; reasons: registry.yaml termination")
    release_interpretation: str | None = None
    requirements_citation: str | None = None
    interpretation: str | None = None
    verification_citation: str | None = None
    verification_interval_months: int | None = None
    decree_citation: str | None = None
    notify: list[str] = []
    notify_citation: str | None = None


class Ranking(Strict):
    """The article cited when a list is cut at the quota; the criteria live in eligibility.yaml."""

    citation: str


class Proposers(Strict):
    sources: list[str]
    citation: str


class RowFields(Strict):
    fields: list[str]
    citation: str
    protection_citation: str | None = None


class Decrees(Strict):
    recipient_list_citation: str
    changes_citation: str | None = None
    additions_citation: str | None = None
    reductions_citation: str | None = None
    procedure_citation: str | None = None
    change_kinds: list[str] = []
    by_scheme: dict[str, str] = {}
    ranking: Ranking | None = None
    replacement_proposers: Proposers | None = None
    row_fields: RowFields | None = None


class Document(Strict):
    code: str
    label: str
    citation: str


class Accountability(Strict):
    citation: str
    documents: list[Document]


class Coded(Strict):
    code: str
    label: str
    citation: str


class Shortfall(Strict):
    to_source: str
    citation: str
    requires_decision: bool


class PalmOil(Strict):
    scheme: str
    funding_source: str
    program_citation: str
    verification_citation: str
    decree_citation: str
    ceiling_citation: str
    rkp_fields: list[Coded]
    adjustment_reasons: list[Coded]
    adjustment_interpretation: str | None = None
    refill_interpretation: str | None = None
    shortfall: Shortfall | None = None


class AidPart(Strict):
    """`aid.yaml`: funding sources, earmarks, stopping, decrees, accountability."""

    aided_programs: AidedPrograms
    aided_schemes: dict[str, Cited]
    fiscal_capacity: Cited
    approved_evaluation: Cited
    funding_article: Cited
    funding_sources: dict[str, FundingSource]
    earmarks: list[Earmark] = []
    co_financing: Ruling
    months_within_fiscal_year: Ruling
    stopping: Stopping
    decrees: Decrees
    accountability: dict[str, Accountability] = {}
    palm_oil: PalmOil | None = None
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


class ContributionsPart(Strict):
    """`national/contributions.yaml`: contribution rates and amounts, each a dated history."""

    bpu: dict[str, list[DatedEntry[Any]]]
    wage_earner: dict[str, list[DatedEntry[Any]]]
    wage_caps: dict[str, list[DatedEntry[Any]]]
    construction: dict[str, list[DatedEntry[Any]]]
    migrant: list[DatedEntry[Any]]
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


# approvals.yaml: the acts of this service a regency puts under two-person control (shared.approvals)
register_approvals()
register_part("aid", AidPart, owner=OWNER)
register_part("national/contributions", ContributionsPart, owner=OWNER, required=True)
declare_reads(OWNER, "aid", "aided_contribution_tier", "unlisted_named_sources")
# Readings the code implements as its only rule (domain/parameters.py, rules.py): another
# choice would need new code, so the kernel refuses it instead of ignoring it.
declare_choice(OWNER, "aid", "contribution_rate_date", "decision_date")
declare_choice(OWNER, "national/contributions", "rounding", "half_up_per_component")
declare_choice(OWNER, "national/contributions", "jkp_recomposition", "recomposed_from_jkk_jkm")


def compile_all(loaded) -> list[str]:
    """Build every regency's aid policy (earmarks, rulings, sources) and the national parameters."""
    from contribution_aid.domain.parameters import ContributionParameters
    from contribution_aid.domain.policy import PolicyError, load_aid_policy

    problems = []
    for code in loaded.codes_with("aid"):
        try:
            load_aid_policy(code, loaded=loaded)
        except (PolicyError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"{loaded.regency(code).folder.name}/aid.yaml: {exc}")
    try:
        ContributionParameters.from_dict(loaded.national_part("contributions"))
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(f"national/contributions.yaml: {exc}")
    return problems


register_compiler(OWNER, compile_all)
