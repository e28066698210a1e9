"""Construction projects: the BPJS registration deadline after the SPK (work order) and its
status (docs/API.md §7: pending / on_time / late).

"paling lambat 14 (empat belas) hari kerja setelah surat perintah kerja diterbitkan" (TTS
Pasal 7(3), Sambas Pasal 9(3), Lamandau Pasal 6(6) huruf c): the SPK day itself is not counted;
the deadline is the 14th working day after it, and registering on that day is on time. The
number of days and whether cuti bersama count as holidays come from the profile.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from shared.calendar import WorkingDayCalendar
from shared.regulation import Citation

from .common import FieldError
from .registry_profile import RegistryProfile

PENDING, ON_TIME, LATE = "pending", "on_time", "late"


@dataclass(frozen=True)
class ConstructionRegistrationOverdue:
    """Finding: the project was registered after the deadline, or not at all by `today`."""

    spk_date: dt.date
    deadline: dt.date
    overdue_since: dt.date
    registered_on: dt.date | None
    days_late: int  # calendar days from overdue_since to the registration (or today), inclusive
    citation: Citation | None
    code: str = "construction_registration_overdue"

    @property
    def missed(self) -> bool:
        return self.registered_on is None


@dataclass(frozen=True)
class RegistrationStatus:
    status: str
    deadline: dt.date
    overdue_since: dt.date | None
    finding: ConstructionRegistrationOverdue | None
    citation: Citation | None = None
    before_work_starts: Citation | None = None  # a stricter duty the record cannot check (Tabalong)


def registration_deadline(spk_date: dt.date, calendar: WorkingDayCalendar, days: int) -> dt.date:
    """The last day to register: `days` working days after the SPK date."""
    return calendar.add_working_days(spk_date, days)


def registration_status(spk_date: dt.date, registered_on: dt.date | None, today: dt.date, *,
                        deadline: dt.date, citation: Citation | None = None) -> RegistrationStatus:
    """pending (not yet registered, deadline not passed), on_time, or late (registered after
    the deadline, or still unregistered after it), with the overdue finding when late."""
    overdue_since = deadline + dt.timedelta(days=1)
    if registered_on is not None and registered_on <= deadline:
        return RegistrationStatus(ON_TIME, deadline, None, None, citation)
    if registered_on is None and today <= deadline:
        return RegistrationStatus(PENDING, deadline, None, None, citation)
    until = registered_on or today
    finding = ConstructionRegistrationOverdue(spk_date, deadline, overdue_since, registered_on,
                                              (until - overdue_since).days + 1, citation)
    return RegistrationStatus(LATE, deadline, overdue_since, finding, citation)


def calendar_for(registry: RegistryProfile) -> WorkingDayCalendar:
    """The regency's working-day calendar (joint-leave choice from its profile)."""
    return WorkingDayCalendar(joint_leave_is_holiday=registry.joint_leave_is_holiday)


def assess_registration(spk_date: dt.date, registered_on: dt.date | None, today: dt.date, *,
                        registry: RegistryProfile, calendar: WorkingDayCalendar | None = None) -> RegistrationStatus:
    """Deadline and status under the rule in force on the SPK date of the regency's profile."""
    rule = registry.deadline_rule(spk_date)
    deadline = registration_deadline(spk_date, calendar or calendar_for(registry), rule.working_days)
    status = registration_status(spk_date, registered_on, today, deadline=deadline, citation=rule.citation)
    return replace(status, before_work_starts=rule.before_work_starts)


def date_errors(spk_date: dt.date, registered_on: dt.date | None, today: dt.date, *,
                registered_field: str = "bpjs_registered_on") -> list[FieldError]:
    """An SPK and a BPJS registration are recorded facts: neither lies in the future. A
    registration shortly before the SPK is allowed (workers registered at the award: on time),
    but not more than REGISTRATION_LEAD before it -- that registration belongs to another
    contract, and an absurd date (0001-01-01) must not make a project `on_time`."""
    errors = []
    if spk_date > today:
        errors.append(FieldError("spk_date", "SPK belum terbit (tanggal di masa depan) / spk_date is in the future"))
    if registered_on is not None and registered_on > today:
        errors.append(FieldError(registered_field, "tanggal di masa depan / date is in the future"))
    elif registered_on is not None and registered_on < spk_date - REGISTRATION_LEAD:
        errors.append(FieldError(registered_field, f"lebih dari {REGISTRATION_LEAD.days} hari sebelum SPK / more "
                                                   f"than {REGISTRATION_LEAD.days} days before the SPK"))
    return errors


# the tender-award-to-SPK window in which an early BPJS registration still counts for the project
REGISTRATION_LEAD = dt.timedelta(days=90)
