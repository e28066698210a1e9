"""Lifting: as soon as every condition holds, never before; settling a case before TMP2T."""
from __future__ import annotations

import datetime as dt
from itertools import permutations

import pytest
from sanctions_builders import evidence, impose, lamandau_imposed, new_case

from sanctions.domain import CaseState, Refused, active_sanction, evaluate_lifting

MARCH = dt.date(2025, 3, 3)


def add_all(case, profile, kinds, start=dt.date(2025, 3, 10)):
    transitions = []
    for offset, kind in enumerate(kinds):
        t = evidence(case, profile, kind, start + dt.timedelta(days=offset))
        transitions.append(t)
        case = t.case
    return transitions


class TestLamandauPasal32:
    @pytest.mark.parametrize("order", list(permutations(["fine_paid", "registered"])))
    def test_not_registered_is_lifted_only_when_fine_paid_and_registered(self, profiles, order):
        p = profiles["lamandau"]
        first, second = add_all(lamandau_imposed(p), p, order)

        assert first.case.state == CaseState.IMPOSED
        assert [m.id for m in first.decision.missing] == [order[1]]
        assert "SanctionLifted" not in first.event_names
        assert second.case.state == CaseState.LIFTED
        assert second.event_names == ["ComplianceEvidenceRecorded", "SanctionLifted"]
        assert second.case.lifted_on == dt.date(2025, 3, 11)
        assert second.events[-1].payload["citation"] == "Perbup Lamandau No. 25/2024 Pasal 32 huruf a"

    def test_incomplete_data_is_lifted_by_complete_data_alone(self, profiles):
        p = profiles["lamandau"]
        (t,) = add_all(lamandau_imposed(p, violation="incomplete_data"), p, ["data_completed"])
        assert t.case.state == CaseState.LIFTED
        assert t.decision.citations == ("Perbup Lamandau No. 25/2024 Pasal 32 huruf b",)

    def test_other_evidence_does_not_lift(self, profiles):
        p = profiles["lamandau"]
        (t,) = add_all(lamandau_imposed(p), p, ["data_completed"])
        assert t.case.state == CaseState.IMPOSED
        assert {m.id for m in t.decision.missing} == {"fine_paid", "registered"}


class TestTabalongPasal28Ayat5:
    @pytest.mark.parametrize("missing", ["fine_paid", "registered"])
    def test_each_missing_condition_keeps_the_sanction(self, profiles, missing):
        p = profiles["tabalong"]
        case = impose(new_case(p, on=MARCH, source="bpjs_request").case, p, MARCH).case
        given = [k for k in ("fine_paid", "registered") if k != missing]
        (t,) = add_all(case, p, given)
        assert t.case.state == CaseState.IMPOSED
        assert active_sanction(t.case) is not None
        assert [m.id for m in evaluate_lifting(t.case, p, dt.date(2025, 4, 1)).missing] == [missing]

    def test_both_conditions_lift(self, profiles):
        p = profiles["tabalong"]
        case = impose(new_case(p, on=MARCH, source="bpjs_request").case, p, MARCH).case
        last = add_all(case, p, ["fine_paid", "registered"])[-1]
        assert last.case.state == CaseState.LIFTED
        assert active_sanction(last.case) is None


class TestBeforeImposition:
    def test_registering_during_a_warning_resolves_the_case(self, profiles):
        p = profiles["tabalong"]
        case = evidence(new_case(p, on=MARCH).case, p, "warning_issued", MARCH).case
        t = evidence(case, p, "registered", dt.date(2025, 3, 5))
        assert t.case.state == CaseState.RESOLVED
        assert t.event_names == ["ComplianceEvidenceRecorded", "ComplianceCaseResolved"]

    def test_once_fined_the_fine_must_be_paid_too(self, profiles):
        p = profiles["tabalong"]
        case = evidence(new_case(p, on=MARCH).case, p, "fine_imposed", MARCH, amount=250_000).case
        t = evidence(case, p, "registered", dt.date(2025, 3, 5))
        assert t.case.state == CaseState.FINED and [m.id for m in t.decision.missing] == ["fine_paid"]
        assert evidence(t.case, p, "fine_paid", dt.date(2025, 3, 6)).case.state == CaseState.RESOLVED

    def test_a_closed_case_takes_no_more_evidence(self, profiles):
        p = profiles["lamandau"]
        lifted = add_all(lamandau_imposed(p), p, ["fine_paid", "registered"])[-1].case
        with pytest.raises(Refused):
            evidence(lifted, p, "registered", dt.date(2025, 4, 1))

    def test_unknown_evidence_kind_is_refused(self, profiles):
        p = profiles["lamandau"]
        with pytest.raises(Refused) as caught:
            evidence(new_case(p, on=MARCH).case, p, "bribe_paid", MARCH)
        assert caught.value.decision.missing[0].id == "kind"


class TestRetriesAndDecisions:
    def test_same_evidence_twice_has_the_effect_of_once(self, profiles):
        p = profiles["lamandau"]
        case = lamandau_imposed(p)
        once = evidence(case, p, "registered", dt.date(2025, 3, 10), reference="REG/1")
        twice = evidence(once.case, p, "registered", dt.date(2025, 3, 10), reference="REG/1")
        assert twice.events == () and twice.case == once.case
        assert twice.case.decisions == once.case.decisions

    def test_lifting_by_decision_needs_every_condition(self, profiles):
        from dataclasses import replace

        from sanctions.domain import decide
        from sanctions.domain.profile import Interpretation

        p = profiles["lamandau"]
        manual = replace(p, interpretations={**p.interpretations, "lifting_is_automatic": Interpretation(
            "lifting_is_automatic", "by_decision", "test: a regency that lifts by decree")})
        case = evidence(lamandau_imposed(manual), manual, "registered", dt.date(2025, 3, 10)).case
        with pytest.raises(Refused) as caught:
            decide(
                case, decision_kind="lift", decree_number="L/1", services=[], on=dt.date(2025, 3, 11), profile=manual
            )
        assert [m.id for m in caught.value.decision.missing] == ["fine_paid"]

        paid = evidence(case, manual, "fine_paid", dt.date(2025, 3, 12))
        assert paid.case.state == CaseState.IMPOSED and paid.decision.outcome == "lifting_conditions_met"
        lifted = decide(paid.case, decision_kind="lift", decree_number="L/2", services=[], on=dt.date(2025, 3, 13),
                        profile=manual)
        assert lifted.case.state == CaseState.LIFTED
        assert lifted.events[-1].payload["lifting_decree_number"] == "L/2"
