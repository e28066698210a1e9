"""The profile parts the registry interprets (`registry.yaml`, `participants.yaml`), typed and
registered with the regulation kernel, and the interpretations its code reads by name.
`registry.yaml` `termination.reasons` is the one home of termination/stopping reasons: aid
(`aid.yaml` `stopping.reasons`) and eligibility (reverification) refer to them by id."""
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
    register_warnings,
)

OWNER = "registry"
WorkerType = Literal["pu", "bpu"]


class NationalDefault(Strict):
    working_days: int
    citation: str
    note: str | None = None


class Construction(Strict):
    registration_deadline: list[DatedEntry[dict[str, Any]]] = []
    national_default: NationalDefault


class Funding(Strict):
    id: Literal["self", "employer", "aid"]
    label: str
    worker_types: list[WorkerType]
    citation: str
    also: list[str] = []
    note: str | None = None


class StartDate(Strict):
    max_days_ahead: int
    note: str | None = None


class Memberships(Strict):
    funding: list[Funding]
    start_date: StartDate


class Reason(Strict):
    id: str
    label: str
    citation: str | None
    note: str | None = None


class Decree(Strict):
    required_for_funding: list[str] = []
    citation: str
    also: list[str] = []


class Notify(Strict):
    parties: list[str]
    citation: str


class Termination(Strict):
    reasons: list[Reason]
    decree: Decree
    notify: Notify | None = None


class Labelled(Strict):
    id: str
    label: str
    citation: str | None = None


class LicensingGap(Strict):
    label: str
    citation: str
    also: list[str] = []
    applies_to_kinds: list[Literal["state", "non_state"]]
    notify_licensing: bool
    note: str | None = None


class Employers(Strict):
    sectors: list[Labelled]
    licensing_gap: LicensingGap | None = None


class Candidates(Strict):
    data_sources: list[Labelled]


class ListField(Strict):
    field: str
    label: str
    citation: str


class Protection(Strict):
    citation: str
    note: str | None = None


class AidRecipientList(Strict):
    fields: list[ListField]
    protection: Protection


class Bounds(Strict):
    min: float
    max: float


class Coordinates(Strict):
    latitude: Bounds
    longitude: Bounds
    note: str | None = None


class DataQuality(Strict):
    coordinates: Coordinates


class RegistryPart(Strict):
    """`registry.yaml`: construction deadline, memberships, terminations, employers, candidates."""

    construction: Construction
    memberships: Memberships
    termination: Termination
    employers: Employers
    candidates: Candidates
    aid_recipient_list: AidRecipientList | None = None
    data_quality: DataQuality
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


class Occupation(Strict):
    id: str
    label: str
    citation: str | None = None
    worker_types: list[WorkerType] | None = None
    employer_kind: Literal["state", "non_state"] | None = None
    note: str | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None


class Category(Strict):
    id: str
    label: str
    worker_types: list[WorkerType] = Field(min_length=1)
    citation: str | None = None
    also: list[str] = []
    vulnerable: bool = False
    note: str | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    occupations: list[Occupation] = []


class VillageKind(Strict):
    id: str
    label: str
    counts_as: Literal["desa", "kelurahan"]
    code_prefix: str
    citation: str | None = None
    note: str | None = None


class WorkerTypeLabel(Strict):
    label: str
    citation: str


class ParticipantsPart(Strict):
    """`participants.yaml`: the one home of worker categories, occupations and village kinds."""

    worker_types: dict[WorkerType, WorkerTypeLabel]
    village_kinds: list[VillageKind]
    categories: list[Category]
    interpretations: dict[str, Interpretation] = {}
    notes: dict[str, Note] = {}


class HandledBy(Strict):
    office: str
    head_role: str
    citation: str


class Dpo(Strict):
    """The data-protection officer (pejabat pelindungan data pribadi) as the regency publishes it."""

    office: str
    contact: str | None = Field(description="the published contact (e-mail, telephone, address); null until "
                                            "the regency publishes it (`check` warns while it is null)")


class ComplaintTerm(Strict):
    id: str
    label: str
    citation: str
    note: str | None = None
    tracking_id_required: bool = False


class ComplaintsPart(Strict):
    """`complaints.yaml`: who handles complaints, the DPO, channels and categories (Berau Pasal 25)."""

    handled_by: HandledBy
    dpo: list[DatedEntry[Dpo]] = Field(min_length=1, description="dated: a new officer or contact is a new entry")
    channels: list[ComplaintTerm] = Field(min_length=1)
    categories: list[ComplaintTerm] = Field(min_length=1)
    notes: dict[str, Note] = {}


class Stage(Strict):
    id: str
    label: str
    working_days: int | None = Field(ge=1)
    then: str | None
    citation: str
    also: list[str] = []
    note: str | None = None


class SubjectRight(Strict):
    id: Literal["access", "correction", "restriction", "consent_withdrawal"]
    label: str
    right_citation: str
    deadline_hours: int = Field(ge=1)
    deadline_citation: str
    exceptions_citation: str | None = None
    note: str | None = None


class BreachNotification(Strict):
    deadline_hours: int = Field(ge=1)
    citation: str
    note: str | None = None


class NationalComplaintsPart(Strict):
    """`national/complaints.yaml`: SP4N-LAPOR! stage deadlines (working days) and UU 27/2022 deadlines."""

    stages: list[Stage] = Field(min_length=2)
    data_subject_requests: list[SubjectRight]
    breach_notification: BreachNotification


# approvals.yaml: data.correct (a data subject's correction) is under two-person control (shared.approvals)
register_approvals()
register_part("registry", RegistryPart, owner=OWNER)
register_part("complaints", ComplaintsPart, owner=OWNER)
register_part("national/complaints", NationalComplaintsPart, owner=OWNER, required=True)
register_part("participants", ParticipantsPart, owner=OWNER)
declare_choice(OWNER, "registry", "joint_leave_is_holiday", True, False)


def compile_all(loaded) -> list[str]:
    """Build every regency's registry and participants parts (ids unique, worker types known)."""
    from registry.domain.participants_profile import participants_profile_from
    from registry.domain.registry_profile import registry_profile_from

    return [*compile_each(loaded, "participants", lambda code, regency: participants_profile_from(
                code, regency.part("participants"), regulation=regency.title)),
            *compile_each(loaded, "registry", lambda code, regency: registry_profile_from(
                code, regency.part("registry"), regulation=regency.title)),
            *compile_each(loaded, "complaints", lambda code, regency: _complaints(loaded, code, regency))]


def _complaints(loaded, code: str, regency):
    from registry.complaints.domain import profile_from

    return profile_from(code, regency.title, ComplaintsPart.model_validate(regency.part("complaints")),
                        NationalComplaintsPart.model_validate(loaded.national_part("complaints")))


def unpublished_dpo(loaded, today: dt.date | None = None) -> list[str]:
    """A regency whose data-protection officer has no published contact today: the DSR answers
    and the breach register then name the office only (UU 27/2022 asks for the contact)."""
    today = today or dt.date.today()
    lines = []
    for code in loaded.codes_with("complaints"):
        regency = loaded.regencies[code]
        dpo = _complaints(loaded, code, regency).dpo_on(today)
        if dpo["contact"] is None:
            lines.append(f"{regency.folder.name}/complaints.yaml: dpo: kontak pejabat pelindungan data pribadi "
                         f"belum diumumkan (null) per {today} / the data-protection officer's contact is not "
                         f"published (null) on {today} ({dpo['citation'] or 'no entry in force'})")
    return lines


register_compiler(OWNER, compile_all)
register_warnings(OWNER, unpublished_dpo)
