"""The compliance-case aggregate's state: plain frozen dataclasses with to_dict/from_dict.

Transitions live in case.py; rules in decisions.py, lifting.py and deadlines.py. A case names
its subject by id only; no personal data is kept here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import Enum

from .records import DecisionRecord


class CaseState(str, Enum):
    OPEN = "open"
    COMMITMENT = "commitment"                  # Berau Pasal 28(3) huruf b: written commitment, deadline
    WARNED = "warned"
    FINED = "fined"
    SANCTION_REQUESTED = "sanction_requested"  # TMP2T asked for, awaiting the regency's decision
    IMPOSED = "imposed"
    LIFTED = "lifted"
    REJECTED = "rejected"
    RESOLVED = "resolved"                      # obligations met before any TMP2T


CLOSED_STATES = frozenset({CaseState.LIFTED, CaseState.REJECTED, CaseState.RESOLVED})

# Step names of a case's ladder history (`Step.name`).
STEP_WARNING, STEP_FINE, STEP_COMMITMENT, STEP_TMP2T_REQUEST = "warning", "fine", "commitment", "tmp2t_request"
STATE_OF_STEP = {
    STEP_WARNING: CaseState.WARNED,
    STEP_FINE: CaseState.FINED,
    STEP_COMMITMENT: CaseState.COMMITMENT,
    STEP_TMP2T_REQUEST: CaseState.SANCTION_REQUESTED,
}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class Subject:
    kind: str   # employer | state_employer | worker (unknown_employer: only when re-checked, never stored)
    id: str     # employer id or participant id
    # False when the kind was assumed because the registry had not yet said what the employer is
    # (EmployerRegistered not consumed yet); imposing re-checks it (Tabalong Pasal 28(1), Lamandau Pasal 30(1)).
    confirmed: bool = field(default=True, compare=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "confirmed": self.confirmed}


@dataclass(frozen=True)
class Evidence:
    """A finding, a ladder step or a proof of compliance, as reported (docs/API.md §9)."""

    kind: str
    reference: str | None
    date: dt.date
    deadline: dt.date | None = None          # commitment_signed: the deadline written in it
    addressed_to: str | None = None          # request letters: "regent" (Bupati) or another addressee
    copied_to: tuple[str, ...] | None = None  # request letters: agency ids copied; None = not recorded
    amount: int | None = None                # fine_imposed / fine_paid: rupiah

    def to_dict(self) -> dict:
        return {"kind": self.kind, "reference": self.reference, "date": _iso(self.date),
                "deadline": _iso(self.deadline), "addressed_to": self.addressed_to,
                "copied_to": list(self.copied_to) if self.copied_to is not None else None, "amount": self.amount}

    @classmethod
    def from_dict(cls, data: dict) -> Evidence:
        copied = data.get("copied_to")
        return cls(kind=data["kind"], reference=data.get("reference"), date=_date(data["date"]),
                   deadline=_date(data.get("deadline")), addressed_to=data.get("addressed_to"),
                   copied_to=tuple(copied) if copied is not None else None, amount=data.get("amount"))


@dataclass(frozen=True)
class Step:
    """One rung reached on the ladder; `escalated` makes overdue escalation idempotent."""

    name: str
    number: int
    started_on: dt.date
    deadline: dt.date | None
    citation: str | None = None
    escalated: bool = False

    @property
    def key(self) -> str:
        return f"{self.name}:{self.number}"

    def to_dict(self) -> dict:
        return {"name": self.name, "number": self.number, "started_on": _iso(self.started_on),
                "deadline": _iso(self.deadline), "citation": self.citation, "escalated": self.escalated}

    @classmethod
    def from_dict(cls, data: dict) -> Step:
        return cls(data["name"], data["number"], _date(data["started_on"]), _date(data.get("deadline")),
                   data.get("citation"), data.get("escalated", False))


@dataclass(frozen=True)
class ImposedSanction:
    decree_number: str
    imposed_on: dt.date
    services: tuple[str, ...]
    agencies: dict[str, str]            # service -> executing agency id
    citations: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"decree_number": self.decree_number, "imposed_on": _iso(self.imposed_on),
                "services": list(self.services), "agencies": dict(self.agencies), "citations": list(self.citations)}

    @classmethod
    def from_dict(cls, data: dict) -> ImposedSanction:
        return cls(data["decree_number"], _date(data["imposed_on"]), tuple(data["services"]),
                   dict(data["agencies"]), tuple(data.get("citations", [])))


@dataclass(frozen=True)
class Case:
    id: str
    number: str
    regency_code: str
    subject: Subject
    violation: str
    opened_on: dt.date
    state: CaseState = CaseState.OPEN
    evidence: tuple[Evidence, ...] = ()
    steps: tuple[Step, ...] = ()
    sanction: ImposedSanction | None = None
    lifted_on: dt.date | None = None
    closed_on: dt.date | None = None
    closing_decree: str | None = None       # the decree that rejected the request
    decisions: tuple[DecisionRecord, ...] = field(default=(), compare=False)

    # --- reading the state ---------------------------------------------------------------
    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def current_step(self) -> Step | None:
        return self.steps[-1] if self.steps else None

    @property
    def warnings_issued(self) -> int:
        return sum(1 for s in self.steps if s.name == STEP_WARNING)

    @property
    def fine_imposed(self) -> bool:
        return any(s.name == STEP_FINE for s in self.steps)

    def evidence_of(self, kind: str, on: dt.date | None = None) -> list[Evidence]:
        return [e for e in self.evidence if e.kind == kind and (on is None or e.date <= on)]

    def has_evidence(self, kind: str, on: dt.date | None = None) -> bool:
        return bool(self.evidence_of(kind, on))

    # --- building the next state ---------------------------------------------------------
    def with_changes(self, **changes) -> Case:
        return replace(self, **changes)

    def with_step(self, step: Step) -> Case:
        """Append a step, marking the one it follows as escalated past."""
        steps = tuple(replace(s, escalated=True) if s is self.current_step else s for s in self.steps)
        return replace(self, steps=steps + (step,), state=STATE_OF_STEP[step.name])

    # --- persistence ---------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "id": self.id, "number": self.number, "regency_code": self.regency_code,
            "subject": self.subject.to_dict(), "violation": self.violation, "opened_on": _iso(self.opened_on),
            "state": self.state.value, "evidence": [e.to_dict() for e in self.evidence],
            "steps": [s.to_dict() for s in self.steps],
            "sanction": self.sanction.to_dict() if self.sanction else None,
            "lifted_on": _iso(self.lifted_on), "closed_on": _iso(self.closed_on),
            "closing_decree": self.closing_decree, "decisions": [d.to_dict() for d in self.decisions],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Case:
        return cls(
            id=data["id"], number=data["number"], regency_code=data["regency_code"],
            subject=Subject(**data["subject"]), violation=data["violation"], opened_on=_date(data["opened_on"]),
            state=CaseState(data["state"]), evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence", [])),
            steps=tuple(Step.from_dict(s) for s in data.get("steps", [])),
            sanction=ImposedSanction.from_dict(data["sanction"]) if data.get("sanction") else None,
            lifted_on=_date(data.get("lifted_on")), closed_on=_date(data.get("closed_on")),
            closing_decree=data.get("closing_decree"),
            decisions=tuple(DecisionRecord.from_dict(d) for d in data.get("decisions", [])),
        )
