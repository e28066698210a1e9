"""Request bodies of docs/API.md §5. Fact values are checked by the rules (build_facts), the same
checks a batch upload gets; the models here refuse unknown fields and document the types."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

from shared.answers import Answer
from shared.bounds import AsOfDate

Flag = SkipValidation[bool | None]
Text = SkipValidation[str | None]


class Applicant(BaseModel):
    """The docs/API.md §5 facts, all optional; a rule that needs a missing fact reports it."""

    model_config = ConfigDict(extra="forbid")

    nik: Text = Field(None, description="16 digits; birth_date and sex are read from it when not given")
    birth_date: SkipValidation[dt.date | None] = None
    sex: SkipValidation[Literal["M", "F"] | None] = None
    domicile_regency_code: Text = Field(None, description="4-digit Kemendagri code")
    has_ktp: Flag = None
    has_e_ktp: Flag = None
    worker_type: SkipValidation[Literal["pu", "bpu"] | None] = None
    occupation: Text = None
    monthly_income: SkipValidation[int | None] = Field(None, description="whole rupiah")
    vulnerable_independent_worker: Flag = None
    already_protected: Flag = Field(None, description="has an active BPJS Ketenagakerjaan membership")
    actively_working: Flag = None
    healthy: Flag = None
    seriously_ill_or_in_er: Flag = None
    deceased: Flag = None
    religion: SkipValidation[Literal["islam", "kristen", "katolik", "hindu", "budha", "konghucu"] | None] = None
    religious_role: Text = Field(None, description="as written in Sambas Pasal 24(2), lower case")
    religious_org_proposal: Flag = None
    village_acknowledged: Flag = None
    palm_oil_worker: Flag = None
    vulnerable_worker: Flag = None
    data_source: SkipValidation[Literal["dtks", "p3ke", "regsosek", "other"] | None] = None

    def stated(self) -> dict:
        """The facts as sent (unchecked), without those left out."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class EvaluationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regency_code: str = Field(pattern=r"^\d{4}$")
    scheme: str = Field(min_length=1, max_length=100)
    as_of: AsOfDate | None = Field(None, description="registration/decision date; default today")
    applicant: Applicant = Field(default_factory=Applicant)
    participant_id: uuid.UUID | None = Field(
        None, description="the registry participant this evaluation is about (links an approval to the "
                          "participant for contribution aid; carried by the EligibilityDetermined event)")


# ---- answers (shared/answers.py: the fields named here, possibly more, exactly as the handler wrote them) ----

class RegulationRef(Answer):
    """The regulation that decided: the one in force on `as_of`."""

    id: str
    title: str
    in_force_from: dt.date


class CheckView(Answer):
    """One rule's check: `passed` null when a fact it needs is missing; every check cites its article."""

    rule: str
    passed: bool | None
    requirement: str
    facts: dict[str, Any]
    citation: str | None
    label: str | None = None
    see_also: list[str] | None = None
    options: list[CheckView] | None = Field(None, description="the alternatives of an any-of rule")


EVALUATION_EXAMPLE = {
    "outcome": "eligible", "eligible": True,
    "regulation": {"id": "lamandau-perbup-25-2024", "title": "Perbup Lamandau No. 25/2024",
                   "in_force_from": "2024-07-01"},
    "programs": ["JKK", "JKM"],
    "checks": [{"rule": "age", "passed": True, "requirement": "18 <= age < 58", "facts": {"age": 35},
                "citation": "Perbup Lamandau No. 25/2024 Pasal 27 ayat (1)"}],
    "missing_facts": [], "regency_code": "6207", "scheme": "bpu_registration", "as_of": "2026-01-15",
    "scheme_programs": ["JKK", "JKM"], "profile_version": "6207@2026-01-01",
    "evaluation_id": "4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8",
    "subject_ref": "evaluation:4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8"}


class EvaluationOut(Answer):
    """Hasil evaluasi / docs/API.md §5: the outcome, the programmes granted and one cited check per rule;
    stored for audit (`evaluation_id`)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [EVALUATION_EXAMPLE]})
    outcome: Literal["eligible", "ineligible", "needs_information"]
    eligible: bool | None
    regulation: RegulationRef
    programs: list[str]
    checks: list[CheckView]
    missing_facts: list[str]
    regency_code: str
    scheme: str
    as_of: dt.date
    scheme_programs: list[str]
    profile_version: str
    evaluation_id: str
    subject_ref: str = Field(description="who it is about, without personal data: `participant:<id>`, "
                                         "`nik:<blind index>` or `evaluation:<id>`")
