"""Request bodies of the answers that store nothing: required programmes (docs/API.md §6), benefit
checks and candidate rankings. Fact mappings are checked by the rules (build_facts)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from eligibility.evaluations.schemas import CheckView, RegulationRef
from shared.answers import Answer
from shared.bounds import AsOfDate, PastDate

RegencyCode = Annotated[str, Field(pattern=r"^\d{4}$")]
AsOf = Annotated[AsOfDate | None, Field(description="decision date; default today")]
FactsMap = Annotated[dict[str, Any], Field(description="applicant facts as in POST /v1/evaluations, plus "
                                                       "the benefit and ranking facts the rules name")]


class RequiredProgramsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regency_code: RegencyCode
    as_of: AsOf = None
    worker_type: Literal["pu", "bpu"] | None = None
    employer_kind: Literal["state", "non_state"] | None = None
    business_scale: Literal["micro", "small", "medium", "large"] | None = None
    sector: str | None = Field(None, min_length=1, max_length=50, description="construction, general, ...")
    migrant: bool = Field(False, strict=True)  # JSON true/false only: 0/1 or "yes" is a 422


class _BenefitCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regency_code: RegencyCode
    as_of: AsOf = None


class JhtCheckIn(_BenefitCheck):
    """JHT: claim age reached, or death, total permanent disability, stopped working."""

    benefit: Literal["jht"]
    facts: FactsMap = Field(default_factory=dict)


class JpCheckIn(_BenefitCheck):
    """JP old age: pension with enough contribution months at the retirement age, else a lump sum."""

    benefit: Literal["jp"]
    facts: FactsMap = Field(default_factory=dict)
    contribution_months: int | None = Field(None, strict=True, ge=0, le=1200)


class JkpCheckIn(_BenefitCheck):
    """JKP: after a dismissal, not after the excluded termination reasons."""

    benefit: Literal["jkp"]
    termination_reason: str | None = Field(None, min_length=1, max_length=50)


class JkkCheckIn(_BenefitCheck):
    """JKK: claimed (on as_of) within the lapse period after the accident or diagnosis."""

    benefit: Literal["jkk"]
    event_date: PastDate


BenefitCheckIn = Annotated[JhtCheckIn | JpCheckIn | JkpCheckIn | JkkCheckIn, Field(discriminator="benefit")]


class Candidate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100)
    facts: FactsMap = Field(default_factory=dict)


class RankingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regency_code: RegencyCode
    scheme: str = Field(min_length=1, max_length=100)
    as_of: AsOf = None
    quota: int | None = Field(None, strict=True, ge=0, le=10_000_000,
                              description="places available: candidates ranked within it are marked")
    candidates: list[Candidate] = Field(min_length=1, max_length=10_000)


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class RequiredProgramsOut(Answer):
    """Program wajib / docs/API.md §6: the mandatory and optional programmes (`JKK`, `JKM`, `JHT`, `JP`,
    `JKP`) with citations; `situation` names the rule that decided (null: none applies), `not_run` the
    programmes the regency does not run."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "mandatory": ["JKK", "JKM"], "optional": ["JHT"], "citations": ["Perbup Lamandau No. 25/2024 Pasal 5"],
        "situation": "bpu", "regulation": {"id": "lamandau-perbup-25-2024", "title": "Perbup Lamandau No. 25/2024",
                                          "in_force_from": "2024-07-01"},
        "not_run": [], "regency_code": "6207", "as_of": "2026-01-15"}]})
    mandatory: list[str]
    optional: list[str]
    citations: list[str]
    situation: str | None
    regulation: RegulationRef
    not_run: list[str]
    regency_code: str
    as_of: dt.date


class BenefitCheckOut(Answer):
    """Manfaat / whether the benefit is due, with cited checks like an evaluation; benefit-specific
    details (e.g. JP's pension or lump sum) follow as extra fields."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "benefit": "JKK", "outcome": "eligible", "eligible": True,
        "checks": [{"rule": "jkk_lapse", "passed": True, "requirement": "claimed within 2 years",
                    "facts": {"event_date": "2025-12-01"}, "citation": "PP 44/2015 Pasal 32"}],
        "missing_facts": [], "regulation": {"id": "lamandau-perbup-25-2024", "title": "Perbup Lamandau No. 25/2024",
                                            "in_force_from": "2024-07-01"},
        "lapses_on": "2027-12-01", "regency_code": "6207", "as_of": "2026-01-15"}]})
    benefit: Literal["JHT", "JP", "JKP", "JKK"]
    outcome: str = Field(description="`eligible`, `ineligible`, `needs_information`; JP also "
                                     "`not_yet_retirement_age`, `old_age_pension`, `lump_sum`")
    eligible: bool | None
    checks: list[CheckView]
    missing_facts: list[str]
    regulation: RegulationRef
    regency_code: str
    as_of: dt.date


class RankingReason(Answer):
    criterion: str
    label: str
    value: Any
    points: int
    citation: str


class RankedCandidateOut(Answer):
    id: str
    rank: int
    score: int
    reasons: list[RankingReason]
    within_quota: bool | None = Field(description="null when no quota was given")


class RankingOut(Answer):
    """Peringkat calon / candidates ordered by the scheme's ranking criteria, each with its points and
    article; `within_quota` marks those within the places available."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regency_code": "6207", "scheme": "aid_recipient_verification", "as_of": "2026-01-15",
        "regulation": {"id": "lamandau-perbup-25-2024", "title": "Perbup Lamandau No. 25/2024",
                       "in_force_from": "2024-07-01"}, "quota": 1,
        "ranking": [{"id": "A-1", "rank": 1, "score": 30, "within_quota": True, "reasons": [{
            "criterion": "poverty", "label": "Desil kemiskinan", "value": "extreme_poor", "points": 30,
            "citation": "Perbup Lamandau No. 25/2024 Pasal 12"}]}]}]})
    regency_code: str
    scheme: str
    as_of: dt.date
    regulation: RegulationRef
    quota: int | None
    ranking: list[RankedCandidateOut]
