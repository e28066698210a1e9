"""Issue 11 law defects in the sanctions domain: TMP2T is lifted only when the fine is paid in full
(Lamandau Pasal 32 huruf a, Tabalong Pasal 28(5)), and is imposed only on an employer known, at the
time of the decision, to be other than a state body (Lamandau Pasal 30(1), Tabalong Pasal 28(1))."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sanctions_builders import evidence, impose, new_case

from sanctions.domain import CaseState, Refused, Subject, decide, fine_account_of
from sanctions.domain.profile import Interpretation
from sanctions.domain.vocabulary import UNKNOWN_EMPLOYER

MARCH = dt.date(2025, 3, 3)
TEN_MILLION, FOUR_MILLION = 10_000_000, 4_000_000


def fined_and_imposed(profile, letters=("bpjs_request",)):
    """A case fined Rp10,000,000 by BPJS, then asked for TMP2T and imposed."""
    case = new_case(profile, on=MARCH).case
    case = evidence(case, profile, "fine_imposed", MARCH, amount=TEN_MILLION).case
    for offset, kind in enumerate(letters):
        case = evidence(case, profile, kind, MARCH + dt.timedelta(days=offset + 1)).case
    imposed = impose(case, profile, MARCH + dt.timedelta(days=5)).case
    assert imposed.state == CaseState.IMPOSED
    return imposed


@pytest.mark.parametrize("regency, letters, citation", [
    ("lamandau", ("bpjs_request", "inspector_recommendation"), "Perbup Lamandau No. 25/2024 Pasal 32 huruf a"),
    ("tabalong", ("bpjs_request",), "Perbup Tabalong No. 5/2025 Pasal 28 ayat (5)"),
])
def test_a_part_payment_does_not_lift_and_the_case_shows_what_is_owed(profiles, regency, letters, citation):
    p = profiles[regency]
    case = fined_and_imposed(p, letters)
    part = evidence(case, p, "fine_paid", dt.date(2025, 3, 10), amount=FOUR_MILLION)
    registered = evidence(part.case, p, "registered", dt.date(2025, 3, 11))

    assert registered.case.state == CaseState.IMPOSED
    assert "SanctionLifted" not in registered.event_names
    (missing,) = registered.decision.missing
    assert (missing.id, missing.citation) == ("fine_paid", citation)
    assert "kurang Rp6.000.000" in missing.label and "outstanding Rp6.000.000" in missing.label
    account = fine_account_of(registered.case, p)
    assert (account.imposed, account.paid, account.outstanding, account.settled) == (TEN_MILLION, FOUR_MILLION,
                                                                                     6_000_000, False)

    rest = evidence(registered.case, p, "fine_paid", dt.date(2025, 3, 14), amount=6_000_000)
    assert rest.case.state == CaseState.LIFTED and rest.case.lifted_on == dt.date(2025, 3, 14)
    assert fine_account_of(rest.case, p).to_dict() == {"imposed": TEN_MILLION, "paid": TEN_MILLION, "outstanding": 0,
                                                       "settled": True, "settled_on": "2025-03-14"}


def test_a_part_payment_does_not_settle_a_case_before_tmp2t_either(profiles):
    p = profiles["tabalong"]
    case = evidence(new_case(p, on=MARCH).case, p, "fine_imposed", MARCH, amount=TEN_MILLION).case
    case = evidence(case, p, "registered", dt.date(2025, 3, 4)).case
    part = evidence(case, p, "fine_paid", dt.date(2025, 3, 5), amount=FOUR_MILLION)
    assert part.case.state == CaseState.FINED and [m.id for m in part.decision.missing] == ["fine_paid"]


def test_a_payment_without_amount_follows_the_named_interpretation(profiles):
    p = profiles["lamandau"]
    case = fined_and_imposed(p, ("bpjs_request", "inspector_recommendation"))
    case = evidence(case, p, "registered", dt.date(2025, 3, 10)).case
    assert p.choice("fine_paid_without_amount") == "settles_in_full"
    assert evidence(case, p, "fine_paid", dt.date(2025, 3, 11)).case.state == CaseState.LIFTED

    strict = replace(p, interpretations={**p.interpretations, "fine_paid_without_amount": Interpretation(
        "fine_paid_without_amount", "needs_amount", "test: count stated amounts only")})
    assert evidence(case, strict, "fine_paid", dt.date(2025, 3, 11)).case.state == CaseState.IMPOSED


def _impose_on(profile, subject_now, letters):
    case = new_case(profile, on=MARCH, source="bpjs_request").case
    for kind in letters:
        case = evidence(case, profile, kind, MARCH).case
    return decide(case, decision_kind="impose", decree_number="188.45/9/2025", services=[], on=MARCH,
                  profile=profile, subject_now=subject_now)


@pytest.mark.parametrize("regency, letters, citation", [
    ("tabalong", (), "Perbup Tabalong No. 5/2025 Pasal 28 ayat (1)"),
    ("lamandau", ("inspector_recommendation",), "Perbup Lamandau No. 25/2024 Pasal 30 ayat (1)"),
])
def test_imposing_decides_on_the_subject_known_now(profiles, regency, letters, citation):
    """The case was opened as an (unconfirmed) employer; by the decision the registry says it is a
    state body, or has said nothing yet: refused either way, citing the article."""
    p = profiles[regency]
    for now, words in ((Subject("state_employer", "x"), "Penyelenggara Negara"),
                       (Subject(UNKNOWN_EMPLOYER, "x", confirmed=False), "not yet received")):
        with pytest.raises(Refused) as refused:
            _impose_on(p, now, letters)
        subject = [m for m in refused.value.decision.missing if m.id == "subject"]
        assert [m.citation for m in subject] == [citation] and words in subject[0].label
    confirmed = _impose_on(p, Subject("employer", "x"), letters).case
    assert confirmed.state == CaseState.IMPOSED and confirmed.subject.confirmed


def test_a_fine_learnt_after_the_request_is_kept_on_file_and_weighed(profiles):
    """BPJS's letter asked for TMP2T first; the fine's amount arrives later: it is recorded (the
    ladder does not move) and a part payment still lifts nothing."""
    p = profiles["lamandau"]
    case = new_case(p, on=MARCH, source="bpjs_request").case
    case = evidence(case, p, "inspector_recommendation", MARCH).case
    case = impose(case, p, MARCH).case
    fined = evidence(case, p, "fine_imposed", dt.date(2025, 3, 4), amount=TEN_MILLION)
    assert fined.case.state == CaseState.IMPOSED and fined.event_names == ["ComplianceEvidenceRecorded"]
    case = evidence(fined.case, p, "registered", dt.date(2025, 3, 5)).case
    part = evidence(case, p, "fine_paid", dt.date(2025, 3, 6), amount=FOUR_MILLION)
    assert part.case.state == CaseState.IMPOSED and fine_account_of(part.case, p).outstanding == 6_000_000
    with pytest.raises(Refused):
        evidence(part.case, p, "fine_imposed", dt.date(2025, 3, 7), amount=1)
