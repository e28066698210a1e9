"""Which acts of a regency need two persons (maker–checker), as data: `profiles/<regency>/approvals.yaml`.

One small pydantic model per file so the regulation kernel can register it as a profile part later.
A regency without the file puts nothing under two-person control."""
from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.regulation import load_part

PART = "approvals"
# The acts services put under control (sanctions: cases/acts.py; contribution-aid: acts.py). A name
# outside this list is refused when the file is read: a typo must not leave an act uncontrolled.
ACT_RULES = frozenset({"sanction.impose", "sanction.lift", "decree.issue", "budget.amend", "payment.record",
                       "aid.end"})


class Level(BaseModel):
    """One step of approval: any one person holding one of these roles decides it."""

    model_config = ConfigDict(extra="forbid")
    roles: list[str] = Field(min_length=1)


class ActRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    levels: list[Level] = Field(min_length=1, max_length=5)
    citation: str | None = None  # the article or national rule behind the procedure
    note: str = ""

    @field_validator("levels", mode="before")
    @classmethod
    def _roles_shorthand(cls, value):
        """`levels: [[kepala_dinas], [sekda]]` is read as `[{roles: [...]}, ...]`."""
        return [{"roles": v} if isinstance(v, list) else v for v in value]

    def roles_at(self, level: int) -> frozenset[str]:
        return frozenset(self.levels[level].roles)

    @property
    def all_roles(self) -> frozenset[str]:
        return frozenset(role for level in self.levels for role in level.roles)


class ApprovalPolicy(BaseModel):
    """`approvals.yaml`: `source` (where the procedure comes from), `acts: {act: {levels, citation, note}}`."""

    model_config = ConfigDict(extra="forbid")
    source: str = ""
    acts: dict[str, ActRule] = Field(default_factory=dict)

    @field_validator("acts")
    @classmethod
    def _known_acts(cls, acts: dict[str, ActRule]) -> dict[str, ActRule]:
        unknown = sorted(set(acts) - ACT_RULES)
        if unknown:
            raise ValueError(f"unknown acts {unknown}; known: {sorted(ACT_RULES)}")
        return acts

    def rule_for(self, act: str) -> ActRule | None:
        return self.acts.get(act)


@cache
def policy_for(regency_code: str) -> ApprovalPolicy:
    return ApprovalPolicy.model_validate(load_part(regency_code, PART) or {})
