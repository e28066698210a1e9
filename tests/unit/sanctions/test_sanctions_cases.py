"""The case aggregate: joining findings, requests, events without personal data, persistence."""
from __future__ import annotations

import datetime as dt
import json

from sanctions_builders import evidence, lamandau_imposed, new_case

from sanctions.domain import Case, CaseState, Subject, join_or_open, record_finding

MARCH = dt.date(2025, 3, 3)


class TestJoining:
    def test_second_finding_for_same_employer_and_violation_joins(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, subject=Subject("employer", "emp-1")).case
        decision = join_or_open([case], regency_code="6207", subject=Subject("employer", "emp-1"),
                                violation="employer_not_registered")
        assert (decision.join, decision.case_id) == (True, case.id)

    def test_other_violation_or_employer_opens_a_new_case(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, subject=Subject("employer", "emp-1")).case
        assert not join_or_open([case], regency_code="6207", subject=Subject("employer", "emp-1"),
                                violation="incomplete_data").join
        assert not join_or_open([case], regency_code="6207", subject=Subject("employer", "emp-2"),
                                violation="employer_not_registered").join

    def test_closed_case_is_not_joined_but_an_imposed_one_is(self, profiles):
        p = profiles["lamandau"]
        imposed = lamandau_imposed(p)
        subject, violation = imposed.subject, imposed.violation
        assert join_or_open([imposed], regency_code="6207", subject=subject, violation=violation).join
        lifted = evidence(evidence(imposed, p, "fine_paid", MARCH).case, p, "registered", MARCH).case
        assert lifted.state == CaseState.LIFTED
        assert not join_or_open([lifted], regency_code="6207", subject=subject, violation=violation).join

    def test_joined_bpjs_request_turns_the_case_into_a_request_once(self, profiles):
        p = profiles["tabalong"]
        case = new_case(p, on=MARCH).case
        first = record_finding(case, source="bpjs_request", reference="B/1/2025", on=MARCH, profile=p)
        assert first.case.state == CaseState.SANCTION_REQUESTED
        assert first.event_names == ["ComplianceFindingJoined", "SanctionRequested"]
        second = record_finding(first.case, source="bpjs_request", reference="B/2/2025", on=MARCH, profile=p)
        assert second.event_names == ["ComplianceFindingJoined"]
        assert len(second.case.evidence_of("bpjs_request")) == 2


class TestEventsAndPersistence:
    def test_events_name_people_by_id_only(self, profiles):
        p = profiles["tabalong"]
        t = new_case(p, on=MARCH, source="bpjs_request", subject=Subject("employer", "emp-9"))
        for event in t.events:
            assert set(event.payload) <= {"case_id", "case_number", "regency_code", "subject_kind", "subject_id",
                                          "employer_id", "violation", "state", "source", "reference", "opened_on",
                                          "requested_by", "citation"}
            assert event.payload["state"] == "sanction_requested"

    def test_case_round_trips_through_json(self, profiles):
        p = profiles["lamandau"]
        case = lamandau_imposed(p)
        case = evidence(case, p, "registered", dt.date(2025, 3, 10)).case
        restored = Case.from_dict(json.loads(json.dumps(case.to_dict())))
        assert restored == case
        assert restored.decisions == case.decisions
        assert restored.sanction.agencies == {"business_license": "dpmptsp", "foreign_worker_permit": "disnaker"}

    def test_every_transition_appends_its_decision_record(self, profiles):
        p = profiles["lamandau"]
        case = lamandau_imposed(p)
        assert [d.action for d in case.decisions] == ["open", "join", "impose"]
        assert all(d.profile_version == p.version for d in case.decisions)
