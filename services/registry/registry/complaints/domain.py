"""Complaints (pengaduan) and data-subject requests, pure: the stages a complaint follows with their
working-day deadlines (SP4N-LAPOR!, national/complaints.yaml), what each act may do in which stage,
overdue and escalation, and the deadlines of UU 27/2022. No I/O: the service feeds it profiles,
calendars and rows."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from shared.calendar import WorkingDayCalendar

CLOSED = "closed"
WRONGLY_TERMINATED = "wrongly_terminated"  # the category of a contested termination (complaints.yaml)
QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
SYSTEM_CHANNEL = "system"  # automatic complaints only
SUBJECT_KINDS = ("participant", "employer", "decree", "case", "invoice")
# the act that ends each stage (assign forwards, decide answers, close tells the complainant)
ACTS = {"assign": "received", "decide": "in_progress", "close": "answered"}


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    citation: str
    tracking_id_required: bool = False


@dataclass(frozen=True)
class StageRule:
    id: str
    label: str
    working_days: int | None
    then: str | None
    citation: str


@dataclass(frozen=True)
class Right:
    id: str
    label: str
    right_citation: str
    deadline_hours: int
    deadline_citation: str
    exceptions_citation: str | None


@dataclass(frozen=True)
class DpoEntry:
    """The data-protection officer in force from `valid_from` (a dated, cited profile value)."""

    office: str
    contact: str | None
    valid_from: dt.date
    valid_until: dt.date | None
    citation: str | None

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


@dataclass(frozen=True)
class ComplaintsProfile:
    regency_code: str
    regulation: str
    office: str
    head_role: str
    dpo: tuple[DpoEntry, ...]
    channels: dict[str, Term]
    categories: dict[str, Term]
    stages: dict[str, StageRule]
    rights: dict[str, Right]
    breach_hours: int
    breach_citation: str

    @property
    def first_stage(self) -> StageRule:
        return next(iter(self.stages.values()))

    def stage(self, stage_id: str) -> StageRule:
        return self.stages[stage_id]

    def dpo_on(self, day: dt.date) -> dict:
        """The DPO every data-subject answer and the breach register show: the entry in force on
        `day` (the latest start wins), `contact` null until the regency publishes one."""
        entry = max((e for e in self.dpo if e.in_force(day)), key=lambda e: e.valid_from, default=None)
        if entry is None:
            return {"office": None, "contact": None, "published": False, "valid_from": None, "citation": None}
        return {"office": entry.office, "contact": entry.contact, "published": entry.contact is not None,
                "valid_from": entry.valid_from, "citation": entry.citation}


def _term(t) -> Term:
    return Term(t.id, t.label, t.citation, t.tracking_id_required)


def profile_from(regency_code: str, regulation: str, part, national) -> ComplaintsProfile:
    """Build from the validated `complaints.yaml` and `national/complaints.yaml` models."""
    stages = {s.id: StageRule(s.id, s.label, s.working_days, s.then, s.citation) for s in national.stages}
    for s in stages.values():
        if s.then is not None and s.then not in stages:
            raise ValueError(f"stage {s.id}: then {s.then!r} is not a stage")
    rights = {r.id: Right(r.id, r.label, r.right_citation, r.deadline_hours, r.deadline_citation,
                          r.exceptions_citation) for r in national.data_subject_requests}
    dpo = tuple(DpoEntry(d.value.office, d.value.contact, d.from_, d.until, d.citation) for d in part.dpo)
    if any(d.citation is None for d in dpo):
        raise ValueError("dpo: every entry needs its citation")
    return ComplaintsProfile(
        regency_code, regulation, part.handled_by.office, part.handled_by.head_role, dpo,
        {t.id: _term(t) for t in part.channels}, {t.id: _term(t) for t in part.categories}, stages, rights,
        national.breach_notification.deadline_hours, national.breach_notification.citation)


def stage_due(profile: ComplaintsProfile, stage_id: str, since: dt.date,
              calendar: WorkingDayCalendar) -> dt.date | None:
    """The last day of a stage: `working_days` regency working days after the day it began."""
    days = profile.stage(stage_id).working_days
    return calendar.add_working_days(since, days) if days else None


def intake_errors(profile: ComplaintsProfile, *, channel: str, category: str, lapor_tracking_id: str | None,
                  subject_kind: str | None) -> list[tuple[str, str]]:
    """422 entries naming the field and the allowed ids (docs/API.md §12)."""
    errors = []
    if channel not in profile.channels or channel == SYSTEM_CHANNEL:
        errors.append(("channel", _allowed("kanal", "channel", profile.channels)))
    elif profile.channels[channel].tracking_id_required and not lapor_tracking_id:
        errors.append(("lapor_tracking_id", "wajib untuk SP4N-LAPOR! / required for SP4N-LAPOR! complaints"))
    if category not in profile.categories:
        errors.append(("category", _allowed("kategori", "category", profile.categories)))
    if subject_kind is not None and subject_kind not in SUBJECT_KINDS:
        errors.append(("subject.kind", f"harus salah satu dari / must be one of {', '.join(SUBJECT_KINDS)}"))
    return errors


def _allowed(id_word: str, en_word: str, terms: dict) -> str:
    ids = ", ".join(t for t in terms if t != SYSTEM_CHANNEL)
    return f"{id_word} harus salah satu dari {ids} / {en_word} must be one of {ids}"


def act_error(act: str, stage: str) -> str | None:
    """Why `act` may not be taken in `stage` (None: it may). A complaint is never closed without
    a decision, and never closed by the clock."""
    needed = ACTS[act]
    if stage == needed:
        return None
    return (f"tindakan {act} hanya pada tahap {needed} (sekarang {stage}) / "
            f"{act} is only possible in stage {needed} (now {stage})")


def next_stage(profile: ComplaintsProfile, stage: str) -> str:
    then = profile.stage(stage).then
    if then is None:
        raise ValueError(f"stage {stage} has no next stage")
    return then


def is_overdue(stage: str, due_date: dt.date | None, as_of: dt.date) -> bool:
    return stage != CLOSED and due_date is not None and as_of > due_date


def right_due(profile: ComplaintsProfile, kind: str, received_at: dt.datetime) -> dt.datetime:
    """UU 27/2022 deadlines are in hours (3 x 24), counted from receipt, not in working days."""
    return received_at + dt.timedelta(hours=profile.rights[kind].deadline_hours)


def breach_due(profile: ComplaintsProfile, discovered_at: dt.datetime) -> dt.datetime:
    return discovered_at + dt.timedelta(hours=profile.breach_hours)


def finding_key(kind: str, *parts: object) -> str:
    """The identity of a finding: the same finding always opens the same one complaint."""
    return ":".join([kind, *(str(p) for p in parts)])


@dataclass(frozen=True)
class ContestTarget:
    """What a participant contests: a recorded termination (the enrollment it closed) or a
    termination recommended by re-verification (reason and quarter, as TerminationRecommended
    names it). `key` identifies it: a target is contested once."""

    target: str
    key: str
    reason: str
    membership_id: str | None = None
    quarter: str | None = None


def contest_target(*, membership_id: str | None, reason: str | None, quarter: str | None,
                   terminations: dict[str, str | None], reasons: set[str],
                   recommended: set[tuple[str, str]]) -> tuple[ContestTarget | None, list]:
    """The target of a contest, or the 422 entries: `membership_id` must be an enrollment of the
    participant that a termination closed (`terminations`: enrollment id -> end reason); without it,
    a recommendation is named by a termination reason of registry.yaml and a quarter `YYYY-Qn`, and
    must be one re-verification made for the participant (`recommended`: (reason, quarter))."""
    if membership_id is not None:
        if reason is not None or quarter is not None:
            return None, [("membership_id", "sebutkan penghentian ATAU rekomendasi, bukan keduanya / "
                                            "name a termination OR a recommendation, not both")]
        if membership_id not in terminations:
            return None, [("membership_id", "bukan kepesertaan peserta ini yang telah dihentikan / "
                                            "not a terminated membership of this participant")]
        ended = terminations[membership_id] or "unknown"
        return ContestTarget("termination", f"termination:{membership_id}", ended, membership_id), []
    errors = []
    if reason not in reasons:
        allowed = ", ".join(sorted(reasons))
        errors.append(("reason", f"alasan harus salah satu dari {allowed} / reason must be one of {allowed}"))
    if quarter is None or not QUARTER.match(quarter):
        errors.append(("quarter", "triwulan rekomendasi, mis. 2026-Q1 / the recommendation's quarter, e.g. 2026-Q1"))
    if not errors and (reason, quarter) not in recommended:
        errors.append(("reason", "verifikasi ulang tidak merekomendasikan penghentian ini untuk peserta ini / "
                                 "re-verification recommended no such termination for this participant"))
    if errors:
        return None, errors
    return ContestTarget("recommendation", f"recommendation:{reason}:{quarter}", reason, quarter=quarter), []


def contest_description(target: ContestTarget, citation: str) -> str:
    """The automatic complaint's text (ids and reason codes only; the person's grounds follow it sealed)."""
    if target.target == "termination":
        return (f"Peserta menyanggah penghentian kepesertaan {target.membership_id} (alasan {target.reason}; "
                f"{citation}) / the participant contests the termination of membership {target.membership_id} "
                f"(reason {target.reason})")
    return (f"Peserta menyanggah rekomendasi penghentian hasil verifikasi ulang {target.quarter} (alasan "
            f"{target.reason}; {citation}) / the participant contests the termination recommended by "
            f"re-verification in {target.quarter} (reason {target.reason})")
