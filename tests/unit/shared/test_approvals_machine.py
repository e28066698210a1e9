"""The maker–checker state machine (shared.approvals.machine), pure."""
import pytest

from shared.approvals import machine
from shared.approvals.machine import Actor, Proposal, Refusal

MAKER = Actor("p-1", "Petugas Satu", None, "person:p-1", frozenset({"petugas"}))
HEAD = Actor("p-2", "Kepala Dinas", "198001012005011001", "person:p-2", frozenset({"kepala_dinas"}))
VERIFIER = Actor("p-3", "Verifikator", None, "person:p-3", frozenset({"verifikator"}))
HEAD_ALSO_VERIFIER = Actor("p-4", "Ganda", None, "person:p-4", frozenset({"verifikator", "kepala_dinas"}))


def proposal(levels=(("kepala_dinas",),), done=0, state=machine.PENDING, deciders=()):
    return Proposal(state, MAKER.id, tuple(frozenset(level) for level in levels), done, frozenset(deciders))


def refused(fn, *args) -> Refusal:
    with pytest.raises(Refusal) as info:
        fn(*args)
    return info.value


def test_the_approver_of_the_last_level_executes_and_is_recorded():
    step = machine.decide(proposal(), HEAD, "approve", "sesuai")
    assert (step.state, step.levels_done, step.execute) == (machine.EXECUTED, 1, True)
    assert step.decider == {"id": "p-2", "name": "Kepala Dinas", "nip": "198001012005011001",
                            "client": "person:p-2", "role": "kepala_dinas", "decision": "approve", "note": "sesuai",
                            "level": 1}


def test_a_person_never_decides_their_own_proposal_even_holding_the_role():
    maker_with_role = Actor(MAKER.id, MAKER.name, None, MAKER.client, frozenset({"petugas", "kepala_dinas"}))
    for decision in ("approve", "reject"):
        refusal = refused(machine.decide, proposal(), maker_with_role, decision, "catatan")
        assert (refusal.status, refusal.code) == (403, "self-approval")


def test_without_the_level_role_is_forbidden():
    refusal = refused(machine.decide, proposal(), VERIFIER, "approve", None)
    assert (refusal.status, refusal.code) == (403, "approving-role-missing")


@pytest.mark.parametrize("note", [None, "", "   "])
def test_rejection_needs_a_note(note):
    refusal = refused(machine.decide, proposal(), HEAD, "reject", note)
    assert (refusal.status, refusal.code) == (422, "note-required")


def test_rejection_with_a_note_ends_the_proposal_without_executing():
    step = machine.decide(proposal(), HEAD, "reject", "bukti kurang")
    assert (step.state, step.execute, step.decider["note"]) == (machine.REJECTED, False, "bukti kurang")


def test_two_levels_in_order_by_two_different_persons():
    levels = (("verifikator",), ("kepala_dinas",))
    first = machine.decide(proposal(levels), VERIFIER, "approve", None)
    assert (first.state, first.levels_done, first.execute) == (machine.PENDING, 1, False)
    assert refused(machine.decide, proposal(levels), HEAD, "approve", None).code == "approving-role-missing"
    after_first = proposal(levels, done=1, deciders={VERIFIER.id})
    last = machine.decide(after_first, HEAD, "approve", None)
    assert (last.state, last.levels_done, last.execute) == (machine.EXECUTED, 2, True)


def test_one_person_decides_one_level_only():
    levels = (("verifikator",), ("kepala_dinas",))
    after_first = proposal(levels, done=1, deciders={HEAD_ALSO_VERIFIER.id})
    assert refused(machine.decide, after_first, HEAD_ALSO_VERIFIER, "approve", None).code == "already-decided-by-you"


@pytest.mark.parametrize("state", [machine.EXECUTED, machine.REJECTED, machine.WITHDRAWN, machine.FAILED])
def test_only_pending_proposals_are_decided_or_withdrawn(state):
    assert refused(machine.decide, proposal(state=state), HEAD, "approve", None).status == 409
    assert refused(machine.withdraw, proposal(state=state), MAKER).status == 409


def test_only_the_maker_withdraws():
    assert machine.withdraw(proposal(), MAKER).state == machine.WITHDRAWN
    refusal = refused(machine.withdraw, proposal(), HEAD)
    assert (refusal.status, refusal.code) == (403, "not-the-maker")


def test_who_may_see_a_proposal_to_decide_it():
    assert machine.may_approve(proposal((("verifikator",), ("kepala_dinas",))), frozenset({"kepala_dinas"}))
    assert not machine.may_approve(proposal(), frozenset({"petugas", "bendahara"}))


def test_events_name_both_persons_only_while_an_approval_executes():
    import datetime as dt
    import uuid

    from shared.approvals.context import executing, stamp
    from shared.events.contracts import BudgetAmended, BudgetRecorded

    amended = BudgetAmended(budget_id=uuid.uuid4(), funding_source="apbd", fiscal_year=2026, delta=1, amount=2,
                            effective_date=dt.date(2026, 7, 1), reference="P-1")
    recorded = BudgetRecorded(budget_id=uuid.uuid4(), funding_source="apbd", fiscal_year=2026, amount=2)
    assert stamp(amended).approved_by is None
    with executing("p-1", "p-2"):
        assert (stamp(amended).proposed_by, stamp(amended).approved_by) == ("p-1", "p-2")
        assert stamp(recorded) is recorded  # a contract without the fields is left alone
    assert stamp(amended).proposed_by is None
