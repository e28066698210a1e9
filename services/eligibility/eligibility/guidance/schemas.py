"""Request bodies of the answers that store nothing: required programmes (docs/API.md §6), benefit
checks and candidate rankings. Fact mappings are checked by the rules (build_facts)."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
