"""The maker–checker state machine, pure: who may decide a proposal, what a decision does.

    pending ──approve (last level)──> executed      (or failed: the act refused with the state as it was then)
    pending ──approve (earlier level)──> pending    (one level more done)
    pending ──reject (note required)──> rejected
    pending ──withdraw (the maker only)──> withdrawn

A person never decides their own proposal, nor two levels of one proposal."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PENDING, EXECUTED, REJECTED, WITHDRAWN, FAILED = "pending", "executed", "rejected", "withdrawn", "failed"
STATES = (PENDING, EXECUTED, REJECTED, WITHDRAWN, FAILED)
Decision = Literal["approve", "reject"]


@dataclass(frozen=True)
class Actor:
    """A person acting through a client, as proposals record them."""

    id: str
    name: str
    nip: str | None
    client: str
    roles: frozenset[str]

    def record(self) -> dict:
        return {"id": self.id, "name": self.name, "nip": self.nip, "client": self.client}


@dataclass(frozen=True)
class Proposal:
    state: str
    maker_id: str
    levels: tuple[frozenset[str], ...]  # the approving roles of each level, fixed when proposed
    levels_done: int
    decider_ids: frozenset[str]


@dataclass(frozen=True)
class Step:
    state: str
    levels_done: int
    decider: dict | None
    execute: bool  # the last level approved: run the act now


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def may_approve(proposal: Proposal, roles: frozenset[str]) -> bool:
    """Whether these roles could decide the proposal's current level (or any level: for reading)."""
    return any(level & roles for level in proposal.levels)


def decide(proposal: Proposal, actor: Actor, decision: Decision, note: str | None) -> Step:
    _require_pending(proposal)
    if actor.id == proposal.maker_id:
        raise Refusal(403, "self-approval", "Pengusul tidak boleh memutus usulannya sendiri "
                                            "(a person never decides their own proposal).")
    if actor.id in proposal.decider_ids:
        raise Refusal(403, "already-decided-by-you", "Anda sudah memutus tingkat sebelumnya usulan ini "
                                                     "(one person decides one level only).")
    roles = proposal.levels[proposal.levels_done]
    held = sorted(actor.roles & roles)
    if not held:
        raise Refusal(403, "approving-role-missing", f"Tingkat {proposal.levels_done + 1} diputus oleh peran "
                                                     f"{', '.join(sorted(roles))} (approving role required).")
    note = (note or "").strip()
    if decision == "reject" and not note:
        raise Refusal(422, "note-required", "Penolakan wajib disertai catatan (a rejection needs a note).")
    decider = {**actor.record(), "role": held[0], "decision": decision, "note": note or None,
               "level": proposal.levels_done + 1}
    if decision == "reject":
        return Step(REJECTED, proposal.levels_done, decider, execute=False)
    done = proposal.levels_done + 1
    last = done == len(proposal.levels)
    return Step(EXECUTED if last else PENDING, done, decider, execute=last)


def withdraw(proposal: Proposal, actor: Actor) -> Step:
    if actor.id != proposal.maker_id:
        raise Refusal(403, "not-the-maker", "Hanya pengusul yang dapat menarik usulan "
                                            "(only the maker may withdraw a proposal).")
    _require_pending(proposal)
    return Step(WITHDRAWN, proposal.levels_done, None, execute=False)


def _require_pending(proposal: Proposal) -> None:
    if proposal.state != PENDING:
        raise Refusal(409, "approval-not-pending", f"Usulan sudah berstatus {proposal.state} "
                                                   f"(the proposal is no longer pending).")
