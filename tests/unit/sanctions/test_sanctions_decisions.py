"""Imposing TMP2T: each regency's prerequisites, who may be sanctioned, and which services."""
from __future__ import annotations

import datetime as dt

import pytest
from sanctions_builders import evidence, impose, lamandau_imposed, new_case

from sanctions.domain import CaseState, Refused, Subject, decide, decide_impose

MARCH = dt.date(2025, 3, 3)
LAMANDAU = "Perbup Lamandau No. 25/2024"


def refusal(case, profile, on, services=()):
    with pytest.raises(Refused) as caught:
        impose(case, profile, on, services)
    return caught.value.decision


class TestLamandau:
    def test_bpjs_request_alone_is_refused_naming_the_inspector_recommendation(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="bpjs_request", reference="B/100/2025").case
        assert case.state == CaseState.SANCTION_REQUESTED

        record = refusal(case, p, MARCH)

        assert [m.id for m in record.missing] == ["inspector_recommendation"]
        assert record.missing[0].citation == f"{LAMANDAU} Pasal 30 ayat (3)"
        assert record.outcome == "refused"

    def test_inspector_recommendation_alone_is_refused_naming_the_bpjs_request(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="inspector_recommendation", reference="560/7/PK/2025").case
        record = refusal(case, p, MARCH)
        assert [m.id for m in record.missing] == ["bpjs_request"]

    def test_system_finding_alone_names_both_letters(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="system").case
        record = refusal(case, p, MARCH)
        assert [m.id for m in record.missing] == ["bpjs_request", "inspector_recommendation"]

    def test_imposes_with_bpjs_request_and_inspector_recommendation(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="bpjs_request", reference="B/100/2025").case
        case = evidence(case, p, "inspector_recommendation", MARCH, reference="560/7/PK/2025").case

        t = impose(case, p, MARCH, ["business_license", "foreign_worker_permit"])

        assert t.case.state == CaseState.IMPOSED
        assert t.event_names == ["SanctionImposed"]
        payload = t.events[0].payload
        assert payload["services"] == ["business_license", "foreign_worker_permit"]
        assert payload["executing_agencies"]["business_license"]["id"] == "dpmptsp"
        assert payload["executing_agencies"]["foreign_worker_permit"]["id"] == "disnaker"
        assert f"{LAMANDAU} Pasal 31 ayat (3)" in t.decision.citations
        assert f"{LAMANDAU} Pasal 31 ayat (1) huruf b.1" in t.decision.citations

    def test_no_services_named_denies_every_listed_service(self, profiles):
        case = lamandau_imposed(profiles["lamandau"], services=())
        assert set(case.sanction.services) == {"business_license", "tender_permit", "foreign_worker_permit",
                                               "labor_provider_permit", "building_approval"}

    def test_letter_to_another_addressee_is_refused_citing_pasal_31_3(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="bpjs_request", reference="B/100/2025", addressed_to="kepala_dinas").case
        case = evidence(case, p, "inspector_recommendation", MARCH, reference="560/7/PK/2025").case
        record = refusal(case, p, MARCH)
        assert [m.id for m in record.missing] == ["request_letters_to_regent_copied_to_agency"]
        assert "tidak ditujukan kepada Bupati" in record.missing[0].label
        assert record.missing[0].citation == f"{LAMANDAU} Pasal 31 ayat (3)"

    def test_letter_not_copied_to_the_executing_agency_is_refused(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="bpjs_request", reference="B/100/2025", addressed_to="regent",
                        copied_to=["dpmptsp"]).case
        case = evidence(case, p, "inspector_recommendation", MARCH, reference="560/7/PK/2025").case

        assert impose(case, p, MARCH, ["business_license"]).case.state == CaseState.IMPOSED
        record = refusal(case, p, MARCH, ["foreign_worker_permit"])
        assert len(record.missing) == 1 and "Disnaker" in record.missing[0].label

    def test_unnumbered_letter_is_not_a_written_letter(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="bpjs_request", reference=None).case
        case = evidence(case, p, "inspector_recommendation", MARCH, reference="560/7/PK/2025").case
        record = refusal(case, p, MARCH)
        assert "bukan surat tertulis bernomor" in record.missing[0].label

    def test_letter_dated_after_the_decision_does_not_count(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH, source="bpjs_request", reference="B/100/2025").case
        case = evidence(case, p, "inspector_recommendation", dt.date(2025, 3, 10), reference="560/7/PK/2025").case
        assert [m.id for m in refusal(case, p, MARCH).missing] == ["inspector_recommendation"]

    def test_nothing_is_sanctionable_before_the_regulation(self, profiles):
        with pytest.raises(Refused) as caught:
            new_case(profiles["lamandau"], on=dt.date(2024, 7, 29))
        assert caught.value.decision.missing[0].id == "violation"


class TestTabalong:
    def test_never_imposes_tmp2t_on_a_worker(self, profiles):
        p = profiles["tabalong"]
        worker = Subject("worker", "participant-1")
        case = new_case(p, on=MARCH, source="bpjs_request", violation="worker_not_registered", subject=worker).case
        assert case.state == CaseState.OPEN  # a BPJS letter does not make it a TMP2T request

        record = refusal(case, p, MARCH)

        subject = [m for m in record.missing if m.id == "subject"]
        assert subject and subject[0].citation == "Perbup Tabalong No. 5/2025 Pasal 28 ayat (4)"
        assert "Pekerja" in subject[0].label

    def test_a_worker_may_be_warned(self, profiles):
        p = profiles["tabalong"]
        case = new_case(p, on=MARCH, violation="worker_not_registered", subject=Subject("worker", "participant-1")).case
        assert evidence(case, p, "warning_issued", MARCH).case.state == CaseState.WARNED

    def test_an_employer_is_sanctioned_at_bpjs_request(self, profiles):
        p = profiles["tabalong"]
        case = new_case(p, on=MARCH, source="bpjs_request").case
        assert impose(case, p, MARCH, ["business_license"]).case.state == CaseState.IMPOSED

    def test_construction_company_permit_is_not_a_service_tabalong_denies(self, profiles):
        p = profiles["tabalong"]
        case = new_case(p, on=MARCH, source="bpjs_request").case
        record = refusal(case, p, MARCH, ["construction_company_permit"])
        assert [m.id for m in record.missing] == ["service:construction_company_permit"]


class TestOtherRegencies:
    def test_berau_needs_bpjs_request_pasal_5_8(self, profiles):
        p = profiles["berau"]
        case = new_case(p, on=dt.date(2025, 2, 3), source="inspector_recommendation").case
        record = refusal(case, p, dt.date(2025, 2, 3))
        assert [(m.id, m.citation) for m in record.missing] == [
            ("bpjs_request", "Perbup Berau No. 44/2024 Pasal 5 ayat (8)")
        ]

    def test_national_procedure_needs_bpjs_request_in_sambas(self, profiles):
        p = profiles["sambas"]
        on = dt.date(2026, 1, 12)
        case = new_case(p, on=on).case
        assert refusal(case, p, on).missing[0].citation == "PP 86/2013 Pasal 8 ayat (1)"
        case = evidence(case, p, "bpjs_request", on, reference="B/9/2026").case
        assert impose(case, p, on).case.state == CaseState.IMPOSED

    def test_state_employer_never_gets_tmp2t(self, profiles):
        p = profiles["sambas"]
        on = dt.date(2026, 1, 12)
        case = new_case(p, on=on, source="bpjs_request", subject=Subject("state_employer", "dinas-x")).case
        record = refusal(case, p, on)
        assert record.missing[0].id == "subject" and record.missing[0].citation == "PP 86/2013 Pasal 5 ayat (1)"

    def test_tts_opens_no_case_against_a_worker(self, profiles):
        with pytest.raises(Refused) as caught:
            new_case(profiles["tts"], on=dt.date(2025, 11, 3), subject=Subject("worker", "participant-2"))
        assert caught.value.decision.missing[0].citation == "Perbup TTS No. 20/2025 Pasal 28 ayat (1)"

    def test_tts_sanctions_late_construction_registration(self, profiles):
        p = profiles["tts"]
        on = dt.date(2025, 11, 3)
        case = new_case(p, on=on, violation="construction_not_registered", source="bpjs_request").case
        t = impose(case, p, on, ["construction_company_permit"])
        assert t.case.sanction.agencies == {"construction_company_permit": "dpmptsp"}
        assert "Perbup TTS No. 20/2025 Pasal 7 ayat (3)" in t.decision.citations


class TestDecisionRules:
    def test_decide_impose_reports_everything_missing_at_once(self, profiles):
        p = profiles["lamandau"]
        case = new_case(p, on=MARCH).case
        verdict = decide_impose(case, p, MARCH, ["construction_company_permit"])
        assert not verdict.allowed
        assert {m.id for m in verdict.missing} == {"service:construction_company_permit", "bpjs_request",
                                                    "inspector_recommendation"}

    def test_an_imposed_case_cannot_be_imposed_again(self, profiles):
        p = profiles["lamandau"]
        case = lamandau_imposed(p)
        assert refusal(case, p, MARCH).missing[0].id == "case_state"

    def test_reject_closes_the_case(self, profiles):
        p = profiles["berau"]
        case = new_case(p, on=dt.date(2025, 2, 3), source="bpjs_request").case
        t = decide(case, decision_kind="reject", decree_number="X/1", services=[], on=dt.date(2025, 2, 4), profile=p)
        assert t.case.state == CaseState.REJECTED and t.event_names == ["SanctionRejected"]
        with pytest.raises(Refused):
            decide(t.case, decision_kind="reject", decree_number="X/2", services=[], on=dt.date(2025, 2, 5), profile=p)

    def test_unknown_decision_is_refused(self, profiles):
        p = profiles["berau"]
        case = new_case(p, on=dt.date(2025, 2, 3)).case
        with pytest.raises(Refused):
            decide(case, decision_kind="suspend", decree_number="X", services=[], on=dt.date(2025, 2, 3), profile=p)
