"""The profile parts the sanctions service interprets (`sanctions.yaml` per regency and
`national/sanctions.yaml`), typed and registered with the regulation kernel, and the
interpretations its code reads by name. Vocabulary checks stay in domain/profile_parsing.py."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from shared.approvals.policy import register as register_approvals
from shared.regulation import (
    DatedEntry,
    Interpretation,
    Note,
    Strict,
    compile_each,
    declare_choice,
    register_compiler,
    register_part,
)

OWNER = "sanctions"


class Dated(Strict):
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    interpretation: str | None = None


class Lifting(Strict):
    all_of: list[str]
    citation: str


class Violation(Dated):
    id: str
    label: str
    subjects: list[str]
    duty_citation: str
    citation: str
    obligation_evidence: list[str] = []
    lifting: Lifting | None = None
    also: list[str] = []


class Exclusion(Strict):
    subject: str
    citation: str
    note: str | None = None


class LadderStep(Dated):
    step: Literal["warning", "fine", "tmp2t"]
    subjects: list[str]
    issued_by: str
    label: str
    citation: str
    escalation_citation: str | None = None
    subject_exclusions: list[Exclusion] = []


class Prerequisite(Dated):
    id: str
    label: str
    citation: str
    also: list[str] = []


class ServiceDenied(Dated):
    service: str
    label: str
    citation: str
    agency: str
    agency_citation: str | None = None
    from_permit_year: int | None = None


class Deadline(Strict):
    days: int
    unit: Literal["working_days", "calendar_days"] = "working_days"


class Commitment(Dated):
    label: str
    citation: str
    missed_deadline_citation: str
    escalate_to: Literal["warning", "fine", "tmp2t"]
    default_deadline: Deadline


class Licensing(Dated):
    id: str
    label: str
    kinds: list[str]
    services: Literal["all"] | list[str] = "all"
    accepted_documents: list[str]
    citation: str
    finding: str | None = None


class Agency(Strict):
    name: str
    short_name: str
    role: str = ""
    citation: str | None = None
    interpretation: str | None = None


class Signer(Strict):
    issuer: str
    signatory_title: str


class Letters(Strict):
    place: str | None = None
    warning: Signer | None = None
    sanction_request: Signer | None = None
    decision: Signer | None = None


class Reference(Strict):
    title: str
    full_title: str
    note: str | None = None


class SanctionsPart(Strict):
    """`sanctions.yaml`: a regency section replaces the national one as a whole."""

    violations: list[Violation] | None = None
    ladder: list[LadderStep] | None = None
    tmp2t_prerequisites: list[Prerequisite] | None = None
    services_denied: list[ServiceDenied] | None = None
    commitment: list[Commitment] | None = None
    licensing_requirements: list[Licensing] | None = None
    agencies: dict[str, Agency] = {}
    parameters: dict[str, list[DatedEntry[Any]]] = {}
    system_findings: dict[str, str | None] = {}
    letters: Letters = Letters()
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


class NationalSanctionsPart(SanctionsPart):
    references: dict[str, Reference] = {}


# approvals.yaml: the acts of this service a regency puts under two-person control (shared.approvals)
register_approvals()
register_part("sanctions", SanctionsPart, owner=OWNER)
register_part("national/sanctions", NationalSanctionsPart, owner=OWNER, required=True)
# Each switch the code reads, with the choices it implements (the first is what the code does when
# the choice names it; the second is its `else` branch): a typo fails the load instead of silently
# taking the `else` branch.
declare_choice(OWNER, "sanctions", "joint_leave_days", "not_working_days", "working_days")
declare_choice(OWNER, "sanctions", "lifting_is_automatic", "automatic", "by_decision")
declare_choice(OWNER, "national/sanctions", "fine_month_counting", "started_month", "full_month")
declare_choice(OWNER, "national/sanctions", "fine_paid_without_amount", "settles_in_full", "needs_amount")


def compile_all(loaded) -> list[str]:
    """Build every regency's sanctions profile (vocabularies, agencies, findings, lifting rules)."""
    from sanctions.domain.profile_parsing import build_from

    return compile_each(loaded, "sanctions", lambda code, _regency: build_from(loaded, code))


register_compiler(OWNER, compile_all)
