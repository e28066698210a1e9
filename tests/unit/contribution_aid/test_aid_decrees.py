"""Recipient decrees: ranking cut at the quota, additions and reductions against the last list."""
from __future__ import annotations

import datetime as dt

from contribution_aid.domain.decrees import draft_decree

SCHEME = "aid_recipient_verification"


def test_first_decree_is_the_ranking_cut_at_the_quota(policies):
    decision = draft_decree("188.45/12/2026", dt.date(2026, 1, 10), SCHEME, ["a", "b", "c", "d"], 3,
                            policies["lamandau"])
    decree = decision.decree
    assert decision.accepted and decree.recipients == ("a", "b", "c")
    assert decree.additions == ("a", "b", "c") and decree.reductions == ()
    assert decree.citations == ("Perbup Lamandau No. 25/2024 Pasal 26",
                                "Perbup Lamandau No. 25/2024 Pasal 28 ayat (2) huruf a")


def test_change_decree_lists_additions_and_reductions(policies):
    first = draft_decree("188.45/12/2026", dt.date(2026, 1, 10), SCHEME, ["a", "b", "c"], 3,
                         policies["lamandau"]).decree
    second = draft_decree("188.45/40/2026", dt.date(2026, 4, 2), SCHEME, ["a", "e", "c", "f", "g"], 3,
                          policies["lamandau"], previous=first, reduction_reasons={"b": "deceased"}).decree
    assert second.recipients == ("a", "e", "c")
    assert second.additions == ("e",)
    assert [(r.participant_id, r.reason) for r in second.reductions] == [("b", "deceased")]
    assert second.previous_number == "188.45/12/2026"
    assert "Perbup Lamandau No. 25/2024 Pasal 28 ayat (2) huruf b" in second.citations


def test_previous_recipient_ranked_below_the_quota_is_reduced_as_outside_quota(policies):
    first = draft_decree("1/2026", dt.date(2026, 1, 10), "vulnerable_worker_aid", ["a", "b"], 2, policies["tts"]).decree
    second = draft_decree("2/2026", dt.date(2026, 7, 1), "vulnerable_worker_aid", ["c", "a", "b", "a"], 2,
                          policies["tts"], previous=first).decree
    assert second.recipients == ("c", "a")
    assert [(r.participant_id, r.reason) for r in second.reductions] == [("b", "outside_quota")]
    assert "Perbup TTS No. 20/2025 Pasal 21 ayat (4)" in second.citations  # ranked because over quota


def test_invalid_decrees_are_refused(policies):
    first = draft_decree("1/2026", dt.date(2026, 3, 1), SCHEME, ["a"], 1, policies["lamandau"]).decree
    earlier = draft_decree("2/2026", dt.date(2026, 2, 1), SCHEME, ["a"], 1, policies["lamandau"], previous=first)
    assert [r.code for r in earlier.refusals] == ["decree_date_before_previous"]
    blank = draft_decree(" ", dt.date(2026, 3, 1), SCHEME, ["a"], 1, policies["lamandau"])
    assert [r.code for r in blank.refusals] == ["decree_number_missing"]
    other_scheme = draft_decree("3/2026", dt.date(2026, 3, 1), "palm_oil_worker_aid", ["a"], 1, policies["lamandau"])
    assert [r.code for r in other_scheme.refusals] == ["scheme_not_aided"]
