"""Sambas DBH Sawit palm-oil programme: RKP proposal, adjustments (26(6)), shortfall (25(3))."""
from __future__ import annotations

import datetime as dt

import pytest

from contribution_aid.domain.palm_oil import ShortfallDecision, adjust_rkp, move_shortfall_to_apbd, propose_rkp
from contribution_aid.domain.policy import PolicyError

CANDIDATES = [f"w{i}" for i in range(1, 11)]
UNIT = 16800 * 12  # one worker for a year: 201,600


def proposal(policies, ceiling=5 * UNIT + 100_000):
    return propose_rkp(CANDIDATES, ceiling, 16800, 12, 2026, policies["sambas"])


def test_proposal_fits_the_ceiling_with_the_fields_of_26_4(policies):
    rkp = proposal(policies)
    assert rkp.recipients == ("w1", "w2", "w3", "w4", "w5") and rkp.waiting[0] == "w6"
    assert {f.code: f.value for f in rkp.fields} == {"recipients": 5, "amount": 5 * UNIT, "duration_months": 12}
    assert [f.citation for f in rkp.fields] == [f"Perbup Sambas No. 59/2025 Pasal 26 ayat (4) huruf {h}"
                                                for h in "abc"]


def test_death_removes_and_refills_from_the_verified_waiting_list(policies):
    adjusted = adjust_rkp(proposal(policies), policies["sambas"], deceased=["w2"])
    assert [(r.participant_id, r.reason) for r in adjusted.removed] == [("w2", "death")]
    assert adjusted.added == ("w6",)
    assert adjusted.proposal.recipients == ("w1", "w3", "w4", "w5", "w6")
    assert adjusted.removed[0].citation == "Perbup Sambas No. 59/2025 Pasal 26 ayat (6)"


def test_ceiling_not_met_cuts_the_lowest_ranked(policies):
    adjusted = adjust_rkp(proposal(policies), policies["sambas"], realised_ceiling=3 * UNIT + 5)
    assert adjusted.proposal.recipients == ("w1", "w2", "w3")
    assert [(r.participant_id, r.reason) for r in adjusted.removed] == [("w4", "ceiling_not_met"),
                                                                        ("w5", "ceiling_not_met")]
    assert adjusted.proposal.amount == 3 * UNIT and adjusted.proposal.waiting[:2] == ("w4", "w5")


def test_shortfall_moves_to_apbd_only_with_a_recorded_decision(policies):
    rkp = proposal(policies)
    refused = move_shortfall_to_apbd(rkp, 3 * UNIT, None, policies["sambas"])
    assert not refused.accepted and refused.refusal.code == "decision_missing"
    decision = ShortfallDecision("Keputusan Bupati 500/77/2026", dt.date(2026, 6, 1), "b-apbd")
    moved = move_shortfall_to_apbd(rkp, 3 * UNIT, decision, policies["sambas"])
    assert moved.accepted
    move = moved.move
    assert (move.from_source, move.to_source, move.amount, move.recipients) == ("dbh_sawit", "apbd", 2 * UNIT,
                                                                                ("w4", "w5"))
    assert move.decision.reference == "Keputusan Bupati 500/77/2026"
    assert move.citations == ("Perbup Sambas No. 59/2025 Pasal 25 ayat (3)",)


def test_no_shortfall_when_revenue_holds(policies):
    outcome = move_shortfall_to_apbd(proposal(policies), 6 * UNIT, ShortfallDecision("x", dt.date(2026, 6, 1)),
                                     policies["sambas"])
    assert outcome.refusal.code == "no_shortfall"


def test_regency_without_the_programme_has_no_rkp(policies):
    with pytest.raises(PolicyError):
        propose_rkp(CANDIDATES, UNIT, 16800, 12, 2026, policies["berau"])
