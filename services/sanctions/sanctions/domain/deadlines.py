"""Ladder deadlines and the overdue-escalation decision.

Lengths come from the profile (national PP 86/2013 unless a regency says otherwise); working
days exclude weekends and Indonesian public holidays (shared.calendar). Escalation is
idempotent: a step already escalated past is never escalated again.
"""
from __future__ import annotations

import datetime as dt

from shared.calendar import WorkingDayCalendar

from .case_state import (
    STEP_COMMITMENT,
    STEP_FINE,
    STEP_TMP2T_REQUEST,
    STEP_WARNING,
    Case,
    CaseState,
    Step,
)
from .events import SANCTION_ESCALATED, SANCTION_REQUESTED, case_event, decision, transition, unchanged
from .profile import Period, SanctionsProfile
from .records import Reason, Transition, cite
from .vocabulary import FINE, TMP2T, WARNING, WORKING_DAYS

ESCALATING_STATES = frozenset({CaseState.WARNED, CaseState.FINED, CaseState.COMMITMENT})
STEP_OF_LADDER = {WARNING: STEP_WARNING, FINE: STEP_FINE, TMP2T: STEP_TMP2T_REQUEST}


def calendar_for(profile: SanctionsProfile) -> WorkingDayCalendar:
    """The regency's working-day calendar (its choice on joint leave days, cuti bersama)."""
    joint_leave_off = profile.choice("joint_leave_days", "not_working_days") == "not_working_days"
    return WorkingDayCalendar(joint_leave_is_holiday=joint_leave_off)


def deadline_after(start: dt.date, period: Period, calendar: WorkingDayCalendar) -> dt.date:
    if period.unit == WORKING_DAYS:
        return calendar.add_working_days(start, period.days)
    return start + dt.timedelta(days=period.days)


def warning_step(number: int, start: dt.date, profile: SanctionsProfile, calendar: WorkingDayCalendar) -> Step:
    period, citation = profile.period_parameter("warning_period", start)
    return Step(STEP_WARNING, number, start, deadline_after(start, period, calendar), cite(citation))


def fine_step(start: dt.date, profile: SanctionsProfile, calendar: WorkingDayCalendar) -> Step:
    period, citation = profile.period_parameter("fine_period", start)
    return Step(STEP_FINE, 1, start, deadline_after(start, period, calendar), cite(citation))


def commitment_step(start: dt.date, written_deadline: dt.date | None, profile: SanctionsProfile,
                    calendar: WorkingDayCalendar) -> Step:
    """Berau Pasal 28(3) huruf b: the deadline written in the statement, else the profile default."""
    rule = profile.commitment_on(start)
    deadline = written_deadline or deadline_after(start, rule.default_deadline, calendar)
    return Step(STEP_COMMITMENT, 1, start, deadline, cite(rule.citation))


def request_step(start: dt.date, citation: str | None) -> Step:
    return Step(STEP_TMP2T_REQUEST, 1, start, None, citation)


def is_overdue(step: Step | None, today: dt.date) -> bool:
    """Past its last day (the deadline day itself still counts as in time)."""
    return step is not None and step.deadline is not None and not step.escalated and today > step.deadline


def next_step(case: Case, profile: SanctionsProfile, today: dt.date,
              calendar: WorkingDayCalendar) -> tuple[Step | None, str | None]:
    """The step that follows the current one for this subject, and the article that says so."""
    current = case.current_step
    ladder = {s.step: s for s in profile.ladder_for(case.subject.kind, today)}
    if current.name == STEP_COMMITMENT:
        rule = profile.commitment_on(current.started_on)
        return _start(rule.escalate_to, 1, today, ladder, profile, calendar), cite(rule.missed_deadline_citation)
    if current.name == STEP_WARNING:
        most = int(profile.parameter("max_written_warnings", today).value)
        if current.number < most and WARNING in ladder:
            return warning_step(current.number + 1, today, profile, calendar), current.citation
        order = (FINE, TMP2T)
    else:
        order = (TMP2T,)
    for name in order:
        if name in ladder:
            return _start(name, 1, today, ladder, profile, calendar), _escalation_citation(name, ladder)
    return None, None


def _start(name: str, number: int, today: dt.date, ladder: dict, profile: SanctionsProfile,
           calendar: WorkingDayCalendar) -> Step | None:
    if name not in ladder:
        return None
    if name == WARNING:
        return warning_step(number, today, profile, calendar)
    if name == FINE:
        return fine_step(today, profile, calendar)
    return request_step(today, _escalation_citation(TMP2T, ladder))


def _escalation_citation(name: str, ladder: dict) -> str | None:
    step = ladder[name]
    return cite(step.escalation_citation or step.citation)


def escalate_overdue(case: Case, today: dt.date, profile: SanctionsProfile,
                     calendar: WorkingDayCalendar | None = None, *, step_key: str | None = None) -> Transition:
    """Escalate the current step if its deadline has passed. Calling it again, or naming a step
    (`step_key`, e.g. "warning:1") already escalated past, changes nothing and emits nothing."""
    calendar = calendar or calendar_for(profile)
    current = case.current_step
    stale = step_key is not None and (current is None or current.key != step_key)
    if stale or case.state not in ESCALATING_STATES or not is_overdue(current, today):
        return unchanged(case, decision("escalate", "no_change", today, profile))
    following, citation = next_step(case, profile, today, calendar)
    if following is None:
        return _ladder_exhausted(case, today, profile)
    updated = case.with_step(following)
    events = [case_event(SANCTION_ESCALATED, updated, from_step=current.key, to_step=following.key,
                         missed_deadline=current.deadline, next_deadline=following.deadline, citation=citation)]
    if following.name == STEP_TMP2T_REQUEST:
        events.append(case_event(SANCTION_REQUESTED, updated, requested_by="escalation", citation=citation))
    reason = Reason("deadline_missed", f"batas waktu {current.key} ({current.deadline.isoformat()}) terlampaui; "
                    f"dilanjutkan ke {following.key}", citation)
    return transition(updated, events, decision("escalate", "escalated", today, profile, reasons=[reason]))


def _ladder_exhausted(case: Case, today: dt.date, profile: SanctionsProfile) -> Transition:
    """No further step exists for this subject (e.g. a state employer gets warnings only):
    mark the step as handled so the check stays idempotent, and say why."""
    current = case.current_step
    steps = case.steps[:-1] + (Step(current.name, current.number, current.started_on, current.deadline,
                                    current.citation, escalated=True),)
    updated = case.with_changes(steps=steps)
    reason = Reason("ladder_exhausted", "tidak ada tahap sanksi berikutnya untuk subjek ini", current.citation)
    return transition(updated, (), decision("escalate", "ladder_exhausted", today, profile, reasons=[reason]))
