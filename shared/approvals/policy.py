"""Which acts of a regency need two persons (maker–checker), as data: `profiles/<regency>/approvals.yaml`.

The part's model, registered with the regulation kernel by each service that owns controlled acts
(sanctions, contribution-aid, registry: `register()` in their profile_parts.py). A regency without the file
puts nothing under two-person control."""
from __future__ import annotations

from pydantic import Field, field_validator

from shared.regulation import Strict, profile_cache, profiles, register_part

PART = "approvals"
OWNER = "shared.approvals"  # one owner whichever service registers it first
# The acts services put under control (sanctions: cases/acts.py; contribution-aid: acts.py). A name
# outside this list is refused when the file is read: a typo must not leave an act uncontrolled.
ACT_RULES = frozenset({"sanction.impose", "sanction.lift", "decree.issue", "budget.amend", "payment.record",
                       "aid.end", "data.correct"})  # data.correct: registry complaints/corrections.py


class Level(Strict):
    """One step of approval: any one person holding one of these roles decides it."""

    roles: list[str] = Field(min_length=1)


class ActRule(Strict):
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


class ApprovalPolicy(Strict):
    """`approvals.yaml`: `source` (where the procedure comes from), `acts: {act: {levels, citation, note}}`."""

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


def register() -> None:
    register_part(PART, ApprovalPolicy, owner=OWNER)


@profile_cache
def policy_for(regency_code: str) -> ApprovalPolicy:
    regency = profiles().regency(regency_code)
    model = regency.model(PART) if regency is not None else None
    return model if isinstance(model, ApprovalPolicy) else ApprovalPolicy()
