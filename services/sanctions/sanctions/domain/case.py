"""The compliance case as a pure state machine.

    open ──warning_issued──> warned ──(deadline / fine_imposed)──> fined ──(deadline)──┐
     │  └─commitment_signed─> commitment ──(deadline missed, Berau 28(4))──────────────┤
     └─bpjs_request / a regency prerequisite letter ──> sanction_requested <───────────┘
    sanction_requested ──impose──> imposed ──(every lifting condition proved)──> lifted
    any open state ──reject──> rejected;  obligations met before TMP2T ──> resolved

Every function takes the current case and returns a `Transition` (new case, events to emit,
decision record with citations) or raises `Refused` naming what is missing. Nothing here
reads a clock, a database or the network: the caller passes the date and the profile.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from shared.calendar import WorkingDayCalendar

from . import events as ev
from .case_state import (
    STEP_TMP2T_REQUEST,
    Case,
    CaseState,
    Evidence,
    ImposedSanction,
    Step,
    Subject,
)
from .deadlines import calendar_for, commitment_step, fine_step, request_step, warning_step
from .decisions import DECIDABLE_STATES, decide_impose
from .events import case_event, decision, transition, unchanged
from .lifting import evaluate_compliance, evaluate_lifting
from .profile import SanctionsProfile
from .records import Missing, Reason, Refused, Transition, cite
from .vocabulary import (
    COMPLIANCE_EVIDENCE,
    EVIDENCE_KINDS,
    FINDING_EVIDENCE,
    FINE,
    SOURCE_TO_EVIDENCE,
    SOURCES,
    SUBJECT_KINDS,
    SUBJECT_LABELS,
    TMP2T,
    WARNING,
)

PRE_FINE_STATES = frozenset({CaseState.OPEN, CaseState.WARNED, CaseState.COMMITMENT})
# TMP2T asked for or imposed before the case heard of BPJS's fine: its amount is still recorded.
FINE_ON_FILE_STATES = frozenset({CaseState.SANCTION_REQUESTED, CaseState.IMPOSED})


def open_case(*, case_id: str, number: str, regency_code: str, subject: Subject, violation: str, source: str,
              reference: str | None, on: dt.date, profile: SanctionsProfile, addressed_to: str | None = None,
              copied_to: Iterable[str] | None = None) -> Transition:
    """Open a case on a first finding (docs/API.md §9 `POST /v1/cases`)."""
    _check_open(regency_code, subject, violation, source, on, profile)
    case = Case(id=case_id, number=number, regency_code=regency_code, subject=subject, violation=violation,
                opened_on=on)
    finding = Evidence(SOURCE_TO_EVIDENCE[source], reference, on, addressed_to=addressed_to,
                       copied_to=tuple(copied_to) if copied_to is not None else None)
    case = case.with_changes(evidence=(finding,))
    events = [case_event(ev.CASE_OPENED, case, source=source, reference=reference, opened_on=on)]
    case, requested = _maybe_request(case, finding, profile)
    events += requested
    violation_rule = profile.violation(violation, on)
    record = decision("open", case.state.value, on, profile,
                      reasons=[Reason("violation", violation_rule.label, cite(violation_rule.duty_citation))],
                      citations=[cite(violation_rule.citation)], interpretations=[violation_rule.interpretation])
    return transition(case, events, record)


def record_finding(case: Case, *, source: str, reference: str | None, on: dt.date, profile: SanctionsProfile,
                   addressed_to: str | None = None, copied_to: Iterable[str] | None = None) -> Transition:
    """A further finding for the same subject and violation joins the open case (see joining.py)."""
    if source not in SOURCES:
        raise _refused("join", on, profile, "source", f"sumber '{source}' tidak dikenal")
    finding = Evidence(SOURCE_TO_EVIDENCE[source], reference, on, addressed_to=addressed_to,
                       copied_to=tuple(copied_to) if copied_to is not None else None)
    return add_evidence(case, finding, profile)


def add_evidence(case: Case, evidence: Evidence, profile: SanctionsProfile,
                 calendar: WorkingDayCalendar | None = None) -> Transition:
    """Record evidence (docs/API.md §9 `POST /v1/cases/{id}/evidence`) and apply what it changes."""
    calendar = calendar or calendar_for(profile)
    if evidence.kind not in EVIDENCE_KINDS:
        raise _refused("evidence", evidence.date, profile, "kind", f"jenis bukti '{evidence.kind}' tidak dikenal")
    if evidence in case.evidence:  # the same report delivered twice has the effect of once
        return unchanged(case, decision("evidence", "duplicate", evidence.date, profile))
    if case.is_closed:
        raise _refused("evidence", evidence.date, profile, "case_state", f"kasus sudah {case.state.value}")
    case = case.with_changes(evidence=case.evidence + (evidence,))
    if evidence.kind in FINDING_EVIDENCE:
        return _join_finding(case, evidence, profile)
    if evidence.kind in COMPLIANCE_EVIDENCE:
        return _record_compliance(case, evidence, profile)
    handler = {"warning_issued": _issue_warning, "fine_imposed": _impose_fine,
               "commitment_signed": _sign_commitment}.get(evidence.kind)
    if handler is None:  # joint_visit: kept on file, changes nothing
        return transition(case, [case_event(ev.EVIDENCE_RECORDED, case, kind=evidence.kind,
                                            reference=evidence.reference)],
                          decision("evidence", "recorded", evidence.date, profile))
    return handler(case, evidence, profile, calendar)


def decide(case: Case, *, decision_kind: str, decree_number: str, services: Iterable[str], on: dt.date,
           profile: SanctionsProfile, subject_now: Subject | None = None) -> Transition:
    """The regency's decision on TMP2T (docs/API.md §9 `POST /v1/cases/{id}/decisions`). Imposing
    decides on `subject_now`, the subject as known on the decision date, when the caller re-checked it."""
    if decision_kind == "impose":
        return _impose(case, decree_number, services, on, profile, subject_now)
    if decision_kind == "reject":
        return _reject(case, decree_number, on, profile)
    if decision_kind == "lift":
        return _lift_by_decision(case, decree_number, on, profile)
    raise _refused("decide", on, profile, "decision", f"keputusan '{decision_kind}' tidak dikenal")


# --- opening ---------------------------------------------------------------------------------------
def _check_open(regency_code: str, subject: Subject, violation: str, source: str, on: dt.date,
                profile: SanctionsProfile) -> None:
    if regency_code != profile.regency_code:
        raise ValueError(f"profile {profile.regency_code} used for regency {regency_code}")
    if source not in SOURCES:
        raise _refused("open", on, profile, "source", f"sumber '{source}' tidak dikenal")
    if subject.kind not in SUBJECT_KINDS:
        raise _refused("open", on, profile, "subject", f"jenis subjek '{subject.kind}' tidak dikenal")
    rule = profile.violation(violation, on)
    if rule is None:
        known = ", ".join(v.id for v in profile.violations_on(on)) or "tidak ada"
        raise _refused("open", on, profile, "violation",
                       f"pelanggaran '{violation}' tidak dapat dikenai sanksi menurut {profile.regulation_title} "
                       f"pada {on.isoformat()} (yang dapat: {known})")
    if subject.kind not in rule.subjects:
        raise _refused("open", on, profile, "subject",
                       f"{SUBJECT_LABELS[subject.kind]} tidak dapat dikenai sanksi atas pelanggaran ini",
                       cite(rule.citation))


def _maybe_request(case: Case, finding: Evidence, profile: SanctionsProfile) -> tuple[Case, list]:
    """A letter that asks for TMP2T (BPJS's request, or another prerequisite letter of the regency)
    moves the case to `sanction_requested` when the subject can receive TMP2T at all."""
    asking = {"bpjs_request"} | {p.id for p in profile.prerequisites_on(finding.date)}
    step = profile.step(TMP2T, finding.date)
    can_receive = step is not None and case.subject.kind in step.subjects
    if finding.kind not in asking or not can_receive or case.state not in PRE_FINE_STATES | {CaseState.FINED}:
        return case, []
    updated = case.with_step(request_step(finding.date, cite(step.citation)))
    return updated, [case_event(ev.SANCTION_REQUESTED, updated, requested_by=finding.kind,
                                reference=finding.reference, citation=cite(step.citation))]


def _join_finding(case: Case, finding: Evidence, profile: SanctionsProfile) -> Transition:
    events = [case_event(ev.FINDING_JOINED, case, kind=finding.kind, reference=finding.reference)]
    case, requested = _maybe_request(case, finding, profile)
    return transition(case, events + requested, decision("join", case.state.value, finding.date, profile))


# --- ladder steps reported as evidence -------------------------------------------------------------
def _issue_warning(case: Case, evidence: Evidence, profile: SanctionsProfile, calendar) -> Transition:
    on = evidence.date
    step_rule = _ladder_step_or_refuse(case, WARNING, on, profile)
    if case.state not in PRE_FINE_STATES:
        raise _refused("evidence", on, profile, "case_state", f"teguran tidak dapat diberikan pada status "
                                                              f"{case.state.value}", cite(step_rule.citation))
    most = profile.parameter("max_written_warnings", on)
    if case.warnings_issued >= int(most.value):
        raise _refused("evidence", on, profile, "warnings", f"teguran tertulis paling banyak {most.value} kali",
                       cite(most.citation))
    step = warning_step(case.warnings_issued + 1, on, profile, calendar)
    updated = case.with_step(step)
    record = decision("evidence", "warned", on, profile, citations=[cite(step_rule.citation), step.citation],
                      reasons=[Reason("deadline", f"teguran ke-{step.number} berlaku sampai "
                                                  f"{step.deadline.isoformat()}", step.citation)])
    return transition(updated, [case_event(ev.WARNING_ISSUED, updated, number=step.number, deadline=step.deadline,
                                           reference=evidence.reference, citation=cite(step_rule.citation))], record)


def _impose_fine(case: Case, evidence: Evidence, profile: SanctionsProfile, calendar) -> Transition:
    on = evidence.date
    step_rule = _ladder_step_or_refuse(case, FINE, on, profile)
    if case.state in FINE_ON_FILE_STATES and evidence.amount is not None:
        return _fine_on_file(case, evidence, profile)
    if case.state not in PRE_FINE_STATES:
        raise _refused("evidence", on, profile, "case_state", f"denda tidak dapat dikenakan pada status "
                                                              f"{case.state.value}", cite(step_rule.citation))
    step = fine_step(on, profile, calendar)
    updated = case.with_step(step)
    record = decision("evidence", "fined", on, profile, citations=[cite(step_rule.citation), step.citation],
                      reasons=[Reason("deadline", f"denda harus disetor sampai {step.deadline.isoformat()}",
                                      step.citation)])
    return transition(updated, [case_event(ev.FINE_IMPOSED, updated, amount=evidence.amount, deadline=step.deadline,
                                           reference=evidence.reference, citation=cite(step_rule.citation))], record)


def _fine_on_file(case: Case, evidence: Evidence, profile: SanctionsProfile) -> Transition:
    """The amount of a fine BPJS imposed, learnt after TMP2T was asked for or imposed: kept on file
    so lifting weighs the payments against it (paid in full: Lamandau Pasal 32 huruf a, Tabalong
    Pasal 28(5)). The ladder does not move; one fine per case."""
    on = evidence.date
    if len([e for e in case.evidence if e.kind == "fine_imposed"]) > 1:
        raise _refused("evidence", on, profile, "fine_imposed", "denda kasus ini sudah tercatat / the case's fine "
                                                                "is already on file")
    recorded = case_event(ev.EVIDENCE_RECORDED, case, kind=evidence.kind, reference=evidence.reference)
    if case.state == CaseState.IMPOSED:
        return _maybe_lift(case, recorded, profile, on)
    return transition(case, [recorded], decision("evidence", "recorded", on, profile))


def _sign_commitment(case: Case, evidence: Evidence, profile: SanctionsProfile, calendar) -> Transition:
    on = evidence.date
    rule = profile.commitment_on(on)
    if rule is None:
        raise _refused("evidence", on, profile, "commitment",
                       f"{profile.regulation_title} tidak mengatur pernyataan kesanggupan")
    if case.state not in DECIDABLE_STATES:
        raise _refused("evidence", on, profile, "case_state", f"pernyataan kesanggupan tidak dapat dicatat pada "
                                                              f"status {case.state.value}", cite(rule.citation))
    step = commitment_step(on, evidence.deadline, profile, calendar)
    updated = case.with_step(step)
    stated = evidence.deadline is not None
    record = decision("evidence", "commitment", on, profile, citations=[cite(rule.citation)],
                      interpretations=[None if stated else rule.interpretation],
                      reasons=[Reason("deadline", f"kewajiban diselesaikan paling lambat {step.deadline.isoformat()}; "
                                                  "lewat batas waktu ditindaklanjuti",
                                      cite(rule.missed_deadline_citation))])
    return transition(updated, [case_event(ev.COMMITMENT_SIGNED, updated, deadline=step.deadline,
                                           reference=evidence.reference, citation=cite(rule.citation))], record)


def _ladder_step_or_refuse(case: Case, name: str, on: dt.date, profile: SanctionsProfile):
    step = profile.step(name, on)
    if step is None or case.subject.kind not in step.subjects:
        citation = step.exclusion_for(case.subject.kind).citation if step and step.exclusion_for(case.subject.kind) \
            else (step.citation if step else None)
        raise _refused("evidence", on, profile, name, f"tahap '{name}' tidak berlaku untuk "
                                                      f"{SUBJECT_LABELS[case.subject.kind]}", cite(citation))
    return step


# --- compliance, lifting, resolution ---------------------------------------------------------------
def _record_compliance(case: Case, evidence: Evidence, profile: SanctionsProfile) -> Transition:
    on = evidence.date
    recorded = case_event(ev.EVIDENCE_RECORDED, case, kind=evidence.kind, reference=evidence.reference)
    if case.state == CaseState.IMPOSED:
        return _maybe_lift(case, recorded, profile, on)
    check = evaluate_compliance(case, profile, on)
    if not check.all_hold:
        return transition(case, [recorded], decision("evidence", "recorded", on, profile, missing=check.missing))
    resolved = case.with_changes(state=CaseState.RESOLVED, closed_on=on)
    reasons = [Reason(c.kind, c.label, check.citation) for c in check.conditions]
    return transition(resolved, [recorded, case_event(ev.CASE_RESOLVED, resolved, resolved_on=on)],
                      decision("resolve", "resolved", on, profile, reasons=reasons))


def _maybe_lift(case: Case, recorded, profile: SanctionsProfile, on: dt.date) -> Transition:
    check = evaluate_lifting(case, profile, on)
    automatic = profile.choice("lifting_is_automatic", "automatic") == "automatic"
    if not check.all_hold or not automatic:
        outcome = "lifting_conditions_met" if check.all_hold else "still_imposed"
        return transition(case, [recorded], decision("evidence", outcome, on, profile, missing=check.missing,
                                                     citations=[check.citation]))
    return _lifted(case, check, [recorded], profile, on)


def _lift_by_decision(case: Case, decree_number: str, on: dt.date, profile: SanctionsProfile) -> Transition:
    """For a regency whose profile lifts by decision rather than automatically: allowed only
    when every condition holds, the refusal naming those that do not."""
    if case.state != CaseState.IMPOSED:
        raise _refused("lift", on, profile, "case_state", f"kasus berstatus {case.state.value}; tidak ada sanksi")
    check = evaluate_lifting(case, profile, on)
    if not check.all_hold:
        raise Refused(decision("lift", "refused", on, profile, missing=check.missing or
                               [Missing("lifting", "syarat pencabutan tidak diatur")]),
                      "Syarat pencabutan sanksi belum terpenuhi")
    return _lifted(case, check, [], profile, on, decree_number)


def _lifted(case: Case, check, events: list, profile: SanctionsProfile, on: dt.date,
            decree_number: str | None = None) -> Transition:
    lifted_on = max(check.held_since, case.sanction.imposed_on)
    lifted = case.with_changes(state=CaseState.LIFTED, lifted_on=lifted_on, closed_on=lifted_on)
    reasons = [Reason(c.kind, f"{c.label} ({c.reference or 'tanpa nomor'}, {c.date.isoformat()})", check.citation)
               for c in check.conditions]
    by_decree = {"lifting_decree_number": decree_number} if decree_number else {}
    event = case_event(ev.SANCTION_LIFTED, lifted, lifted_on=lifted_on, decree_number=case.sanction.decree_number,
                       services=list(case.sanction.services),
                       executing_agencies=_agencies_named(case.sanction.agencies, profile),
                       citation=check.citation, **by_decree)
    return transition(lifted, events + [event], decision("lift", "lifted", on, profile, reasons=reasons,
                                                         interpretations=["lifting_is_automatic"]))


# --- decisions -------------------------------------------------------------------------------------
def _impose(case: Case, decree_number: str, services: Iterable[str], on: dt.date,
            profile: SanctionsProfile, subject_now: Subject | None = None) -> Transition:
    verdict = decide_impose(case, profile, on, services, subject_now)
    if not verdict.allowed:
        record = decision("impose", "refused", on, profile, missing=verdict.missing, citations=verdict.citations,
                          interpretations=verdict.interpretations)
        raise Refused(record, "Sanksi tidak mendapat pelayanan publik tertentu belum dapat dikenakan")
    sanction = ImposedSanction(decree_number, on, tuple(s.service for s in verdict.services),
                               {s.service: s.agency_id for s in verdict.services}, verdict.citations)
    imposed = case.with_changes(state=CaseState.IMPOSED, sanction=sanction, subject=subject_now or case.subject)
    event = case_event(ev.SANCTION_IMPOSED, imposed, decree_number=decree_number, imposed_on=on,
                       services=list(sanction.services), executing_agencies=_agencies_named(sanction.agencies, profile),
                       citations=list(verdict.citations))
    record = decision("impose", "imposed", on, profile, reasons=verdict.reasons, citations=verdict.citations,
                      interpretations=verdict.interpretations)
    return transition(imposed, [event], record)


def _agencies_named(agencies: dict[str, str], profile: SanctionsProfile) -> dict[str, dict]:
    """service -> {id, name} of its executing agency, the same shape in every event."""
    return {service: {"id": agency_id, "name": profile.agency(agency_id).name}
            for service, agency_id in agencies.items()}


def _reject(case: Case, decree_number: str, on: dt.date, profile: SanctionsProfile) -> Transition:
    if case.state not in DECIDABLE_STATES:
        raise _refused("reject", on, profile, "case_state", f"kasus berstatus {case.state.value}; "
                                                            "tidak dapat ditolak")
    rejected = case.with_changes(state=CaseState.REJECTED, closed_on=on, closing_decree=decree_number)
    return transition(rejected, [case_event(ev.SANCTION_REJECTED, rejected, decree_number=decree_number,
                                            rejected_on=on)],
                      decision("reject", "rejected", on, profile))


def _refused(action: str, on: dt.date, profile: SanctionsProfile, what: str, label: str,
             citation: str | None = None) -> Refused:
    record = decision(action, "refused", on, profile, missing=[Missing(what, label, citation)])
    return Refused(record, label)


__all__ = ["Case", "CaseState", "Evidence", "Step", "Subject", "ImposedSanction", "open_case", "record_finding",
           "add_evidence", "decide", "STEP_TMP2T_REQUEST"]
