"""Complaint deadlines (SP4N-LAPOR! stages in the regency's working days, joint leave included),
stage rules, UU 27/2022 hour deadlines, and the profile parts of every regency."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from registry.complaints import domain
from registry.profiles import complaints_profile
from shared.calendar import WorkingDayCalendar

REGENCIES = ("5304", "6101", "6207", "6309", "6405")
WITH_JOINT_LEAVE = WorkingDayCalendar(joint_leave_is_holiday=True)
WITHOUT_JOINT_LEAVE = WorkingDayCalendar(joint_leave_is_holiday=False)


def test_forwarding_deadline_skips_nyepi_lebaran_and_joint_leave():
    # 2026-03-17 (Tue): 18 joint leave, 19 Nyepi, 20 joint leave, 21-22 Idul Fitri/weekend, 23-24 joint leave
    profile = complaints_profile("6405")
    received = dt.date(2026, 3, 17)
    assert domain.stage_due(profile, "received", received, WITH_JOINT_LEAVE) == dt.date(2026, 3, 27)
    # a regency counting joint leave as working days: 18, 20, 23
    assert domain.stage_due(profile, "received", received, WITHOUT_JOINT_LEAVE) == dt.date(2026, 3, 23)


def test_follow_up_and_closing_deadlines_over_christmas():
    profile = complaints_profile("6101")
    # from Tue 2026-12-22: 23, (24 joint leave, 25 Christmas, 26-27 weekend), 28, 29, 30, 31
    assert domain.stage_due(profile, "in_progress", dt.date(2026, 12, 22), WITH_JOINT_LEAVE) == dt.date(2026, 12, 31)
    # ten: 23, 28-31, (1 January New Year), 4, (5 Isra Mi'raj), 6, 7, 8, 11
    assert domain.stage_due(profile, "answered", dt.date(2026, 12, 22), WITH_JOINT_LEAVE) == dt.date(2027, 1, 11)
    assert domain.stage_due(profile, "closed", dt.date(2026, 12, 22), WITH_JOINT_LEAVE) is None


@pytest.mark.parametrize("code", REGENCIES)
def test_every_regency_has_the_six_categories_channels_and_national_stages(code):
    profile = complaints_profile(code)
    assert set(profile.categories) == {"aid_not_received", "wrongly_terminated", "employer_not_registering",
                                       "bpjs_service", "data_correction", "other"}
    assert set(profile.channels) == {"counter", "phone", "letter", "web", "sp4n_lapor", "system"}
    assert [(s.id, s.working_days) for s in profile.stages.values()] == [
        ("received", 3), ("in_progress", 5), ("answered", 10), ("closed", None)]
    assert profile.breach_hours == 72 and profile.breach_citation == "UU 27/2022 Pasal 46"
    assert {r.id: r.deadline_hours for r in profile.rights.values()} == {
        "access": 72, "correction": 72, "restriction": 72, "consent_withdrawal": 72}


def test_berau_cites_pasal_25_for_bpjs_service_complaints():
    assert complaints_profile("6405").categories["bpjs_service"].citation == "Pasal 25"
    assert complaints_profile("6101").categories["bpjs_service"].citation == "UU 25/2009 Pasal 36"


def test_intake_rules():
    profile = complaints_profile("6101")
    ok = {"channel": "web", "category": "other", "lapor_tracking_id": None, "subject_kind": "participant"}
    assert domain.intake_errors(profile, **ok) == []
    assert [f for f, _ in domain.intake_errors(profile, **{**ok, "channel": "sp4n_lapor"})] == ["lapor_tracking_id"]
    assert [f for f, _ in domain.intake_errors(profile, **{**ok, "channel": "system"})] == ["channel"]
    errors = dict(domain.intake_errors(profile, **{**ok, "category": "noise", "subject_kind": "car"}))
    assert "aid_not_received" in errors["category"] and "subject.kind" in errors


def test_acts_follow_the_stages_and_nothing_closes_without_a_decision():
    assert domain.act_error("assign", "received") is None
    assert domain.act_error("close", "in_progress") is not None
    assert domain.act_error("decide", "received") is not None
    assert domain.is_overdue("in_progress", dt.date(2026, 1, 5), dt.date(2026, 1, 6))
    assert not domain.is_overdue("in_progress", dt.date(2026, 1, 5), dt.date(2026, 1, 5))
    assert not domain.is_overdue("closed", dt.date(2026, 1, 5), dt.date(2026, 2, 5))


def test_data_subject_and_breach_deadlines_are_hours_not_working_days():
    profile = complaints_profile("5304")
    friday = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
    assert domain.right_due(profile, "access", friday) == dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC)
    assert domain.breach_due(profile, friday) == dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC)


def test_the_dpo_is_a_dated_cited_value_null_until_published():
    from registry.complaints.domain import DpoEntry

    profile = replace(complaints_profile("6309"), dpo=(
        DpoEntry("PPDP Tabalong", None, dt.date(2024, 10, 17), dt.date(2026, 3, 1), "UU 27/2022 Pasal 53"),
        DpoEntry("PPDP Tabalong", "ppdp@tabalongkab.go.id", dt.date(2026, 3, 1), None, "UU 27/2022 Pasal 53")))
    before = profile.dpo_on(dt.date(2026, 2, 28))
    assert before == {"office": "PPDP Tabalong", "contact": None, "published": False,
                      "valid_from": dt.date(2024, 10, 17), "citation": "UU 27/2022 Pasal 53"}
    after = profile.dpo_on(dt.date(2026, 3, 1))
    assert after["contact"] == "ppdp@tabalongkab.go.id" and after["published"] is True
    assert profile.dpo_on(dt.date(2020, 1, 1))["office"] is None


def test_a_contest_names_a_closed_enrollment_or_a_recommendation_never_both():
    reasons, recommended = {"moved_out", "deceased"}, {("deceased", "2026-Q2")}
    terminations = {"e1": "moved_out"}
    target, errors = domain.contest_target(membership_id="e1", reason=None, quarter=None,
                                           terminations=terminations, reasons=reasons, recommended=recommended)
    assert errors == [] and (target.target, target.key, target.reason) == ("termination", "termination:e1",
                                                                           "moved_out")
    target, errors = domain.contest_target(membership_id=None, reason="deceased", quarter="2026-Q2",
                                           terminations=terminations, reasons=reasons, recommended=recommended)
    assert errors == [] and target.key == "recommendation:deceased:2026-Q2"
    for kwargs, field in (({"membership_id": "e2"}, "membership_id"),
                          ({"membership_id": "e1", "reason": "deceased"}, "membership_id"),
                          ({"reason": "bored", "quarter": "2026-Q1"}, "reason"),
                          ({"reason": "deceased", "quarter": "2026-Q5"}, "quarter"),
                          ({"reason": "deceased"}, "quarter"),
                          ({"reason": "moved_out", "quarter": "2026-Q2"}, "reason"),  # not recommended
                          ({"reason": "deceased", "quarter": "2026-Q1"}, "reason")):
        args = {"membership_id": None, "reason": None, "quarter": None, **kwargs}
        target, errors = domain.contest_target(**args, terminations=terminations, reasons=reasons,
                                               recommended=recommended)
        assert target is None and errors[0][0] == field, kwargs
        assert " / " in errors[0][1]  # Indonesian and English
