"""Ladder deadlines in working days across Indonesian holidays, idempotent overdue escalation,
Berau's written commitment, and the fine."""
from __future__ import annotations

import datetime as dt

import pytest
from sanctions_builders import evidence, impose, new_case

from sanctions.domain import CaseState, Refused, Subject, escalate_overdue, fine_amount
from sanctions.domain.case import add_evidence
from sanctions.domain.case_state import Evidence
from shared.calendar import WorkingDayCalendar

JAN_12_2026 = dt.date(2026, 1, 12)  # a Monday


class TestWarningDeadlines:
    def test_ten_working_days_skip_eid_and_joint_leave_2025(self, profiles):
        p = profiles["tabalong"]
        # 24 Mar 2025 + 10 working days: 28 Mar (Nyepi joint leave), 31 Mar-1 Apr (Idul Fitri),
        # 2-4 and 7 Apr (joint leave) and the weekends are not counted.
        case = evidence(new_case(p, on=dt.date(2025, 3, 24)).case, p, "warning_issued", dt.date(2025, 3, 24)).case
        assert case.current_step.deadline == dt.date(2025, 4, 16)

    def test_joint_leave_counted_as_working_days_when_a_regency_chooses_so(self, profiles):
        p = profiles["tabalong"]
        case = new_case(p, on=dt.date(2025, 3, 24)).case
        calendar = WorkingDayCalendar(joint_leave_is_holiday=False)
        t = add_evidence(case, Evidence("warning_issued", "T/1", dt.date(2025, 3, 24)), p, calendar)
        assert t.case.current_step.deadline == dt.date(2025, 4, 9)

    def test_isra_miraj_2026_is_skipped(self, profiles):
        p = profiles["sambas"]
        case = evidence(new_case(p, on=JAN_12_2026).case, p, "warning_issued", JAN_12_2026).case
        assert case.current_step.deadline == dt.date(2026, 1, 27)
        assert case.current_step.citation == "PP 86/2013 Pasal 6 ayat (1)"

    def test_at_most_two_warnings(self, profiles):
        p = profiles["sambas"]
        case = evidence(new_case(p, on=JAN_12_2026).case, p, "warning_issued", JAN_12_2026).case
        case = evidence(case, p, "warning_issued", dt.date(2026, 1, 28)).case
        with pytest.raises(Refused) as caught:
            evidence(case, p, "warning_issued", dt.date(2026, 2, 12))
        assert caught.value.decision.missing[0].citation == "PP 86/2013 Pasal 6 ayat (1)"


class TestOverdueEscalation:
    def warned(self, profiles):
        p = profiles["sambas"]
        return p, evidence(new_case(p, on=JAN_12_2026).case, p, "warning_issued", JAN_12_2026).case

    def test_not_overdue_on_the_deadline_day(self, profiles):
        p, case = self.warned(profiles)
        t = escalate_overdue(case, dt.date(2026, 1, 27), p)
        assert t.events == () and t.case.steps == case.steps

    def test_full_ladder_warning_warning_fine_request(self, profiles):
        p, case = self.warned(profiles)

        second = escalate_overdue(case, dt.date(2026, 1, 28), p)
        assert second.event_names == ["SanctionEscalated"]
        assert second.case.current_step.key == "warning:2"
        assert second.case.current_step.deadline == dt.date(2026, 2, 11)

        fine = escalate_overdue(second.case, dt.date(2026, 2, 12), p)
        assert fine.case.state == CaseState.FINED
        assert fine.case.current_step.deadline == dt.date(2026, 3, 14)  # 30 calendar days

        request = escalate_overdue(fine.case, dt.date(2026, 3, 15), p)
        assert request.case.state == CaseState.SANCTION_REQUESTED
        assert request.event_names == ["SanctionEscalated", "SanctionRequested"]
        assert request.events[0].payload["citation"] == "PP 86/2013 Pasal 10 ayat (6)"

    def test_escalating_twice_does_nothing_the_second_time(self, profiles):
        p, case = self.warned(profiles)
        once = escalate_overdue(case, dt.date(2026, 1, 28), p)
        again = escalate_overdue(once.case, dt.date(2026, 1, 28), p)
        assert again.events == () and again.case.steps == once.case.steps
        assert again.decision.outcome == "no_change"

    def test_naming_an_already_escalated_step_does_nothing(self, profiles):
        p, case = self.warned(profiles)
        once = escalate_overdue(case, dt.date(2026, 1, 28), p, step_key="warning:1")
        # much later, a retried job still names warning:1: no second escalation
        retry = escalate_overdue(once.case, dt.date(2026, 3, 1), p, step_key="warning:1")
        assert retry.events == () and retry.case.current_step.key == "warning:2"
        assert [s.escalated for s in retry.case.steps] == [True, False]

    def test_state_employer_ladder_ends_after_warnings(self, profiles):
        p = profiles["sambas"]
        case = new_case(p, on=JAN_12_2026, subject=Subject("state_employer", "dinas-x")).case
        case = evidence(case, p, "warning_issued", JAN_12_2026).case
        case = escalate_overdue(case, dt.date(2026, 1, 28), p).case
        end = escalate_overdue(case, dt.date(2026, 2, 12), p)
        assert end.events == () and end.decision.outcome == "ladder_exhausted"
        assert end.case.state == CaseState.WARNED
        assert escalate_overdue(end.case, dt.date(2026, 3, 1), p).decision.outcome == "no_change"


class TestBerauCommitment:
    ON = dt.date(2025, 2, 3)

    def committed(self, profiles, deadline=dt.date(2025, 2, 28)):
        p = profiles["berau"]
        case = new_case(p, on=self.ON, source="inspector_recommendation").case
        case = evidence(case, p, "joint_visit", self.ON).case
        return p, evidence(case, p, "commitment_signed", self.ON, deadline=deadline)

    def test_commitment_is_a_case_state_with_the_written_deadline(self, profiles):
        _, t = self.committed(profiles)
        assert t.case.state == CaseState.COMMITMENT
        assert t.case.current_step.deadline == dt.date(2025, 2, 28)
        assert t.event_names == ["CommitmentSigned"]

    def test_unstated_deadline_defaults_to_ten_working_days(self, profiles):
        _, t = self.committed(profiles, deadline=None)
        assert t.case.current_step.deadline == dt.date(2025, 2, 17)
        assert t.decision.interpretations == ("commitment_deadline_when_unstated",)

    def test_missed_deadline_escalates_to_a_tmp2t_request(self, profiles):
        p, t = self.committed(profiles)
        assert escalate_overdue(t.case, dt.date(2025, 2, 28), p).events == ()

        missed = escalate_overdue(t.case, dt.date(2025, 3, 3), p)

        assert missed.case.state == CaseState.SANCTION_REQUESTED
        assert missed.event_names == ["SanctionEscalated", "SanctionRequested"]
        assert missed.events[0].payload["citation"] == "Perbup Berau No. 44/2024 Pasal 28 ayat (4)"
        assert escalate_overdue(missed.case, dt.date(2025, 3, 4), p).events == ()
        # the regency still needs BPJS's request (Pasal 5(8)) before imposing
        with pytest.raises(Refused):
            impose(missed.case, p, dt.date(2025, 3, 4))
        requested = evidence(missed.case, p, "bpjs_request", dt.date(2025, 3, 5), reference="B/77/2025").case
        assert impose(requested, p, dt.date(2025, 3, 6)).case.state == CaseState.IMPOSED

    def test_commitment_kept_resolves_the_case(self, profiles):
        p, t = self.committed(profiles)
        kept = evidence(t.case, p, "registered", dt.date(2025, 2, 20))
        assert kept.case.state == CaseState.RESOLVED
        assert escalate_overdue(kept.case, dt.date(2025, 3, 3), p).events == ()

    def test_other_regencies_have_no_commitment_step(self, profiles):
        p = profiles["lamandau"]
        with pytest.raises(Refused):
            evidence(new_case(p, on=self.ON).case, p, "commitment_signed", self.ON)


class TestFine:
    def test_point_one_percent_per_started_month(self, profiles):
        calc = fine_amount(10_000_000, dt.date(2025, 4, 16), dt.date(2025, 6, 20), profiles["tabalong"])
        assert (calc.months, calc.amount) == (3, 30_000)
        assert calc.citation == "PP 86/2013 Pasal 10 ayat (4)"

    def test_no_fine_before_the_second_warning_ends(self, profiles):
        assert fine_amount(10_000_000, dt.date(2025, 4, 16), dt.date(2025, 4, 16), profiles["berau"]).amount == 0

    def test_exact_months(self, profiles):
        assert fine_amount(1_000_000, dt.date(2025, 1, 31), dt.date(2025, 3, 31), profiles["berau"]).months == 2
