"""What every transition hands back: the new case, the domain events to emit and the decision
record that explains the outcome with its citations. Plain dataclasses with to_dict/from_dict
so the service layer can persist them and put the events in its outbox."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shared.regulation import Citation

if TYPE_CHECKING:
    from .case import Case


def cite(citation: Citation | None) -> str | None:
    return str(citation) if citation is not None else None


@dataclass(frozen=True)
class Reason:
    """One line of an explanation: a stable code, an Indonesian message and its article."""

    code: str
    message: str
    citation: str | None = None

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "citation": self.citation}

    @classmethod
    def from_dict(cls, data: dict) -> Reason:
        return cls(data["code"], data["message"], data.get("citation"))


@dataclass(frozen=True)
class Missing:
    """A prerequisite or condition that does not hold yet (docs/API.md §9: the 422 names it)."""

    id: str
    label: str
    citation: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "citation": self.citation}

    @classmethod
    def from_dict(cls, data: dict) -> Missing:
        return cls(data["id"], data["label"], data.get("citation"))


@dataclass(frozen=True)
class DecisionRecord:
    action: str        # open | join | evidence | impose | reject | escalate | lift | resolve
    outcome: str       # e.g. "imposed", "refused", "lifted", "no_change"
    on: dt.date
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()
    citations: tuple[str, ...] = ()
    interpretations: tuple[str, ...] = ()
    profile_version: str = ""

    @property
    def refused(self) -> bool:
        return self.outcome == "refused"

    def to_dict(self) -> dict:
        return {
            "action": self.action, "outcome": self.outcome, "on": self.on.isoformat(),
            "reasons": [r.to_dict() for r in self.reasons], "missing": [m.to_dict() for m in self.missing],
            "citations": list(self.citations), "interpretations": list(self.interpretations),
            "profile_version": self.profile_version,
        }

    @classmethod
    def from_dict(cls, data: dict) -> DecisionRecord:
        return cls(
            action=data["action"], outcome=data["outcome"], on=dt.date.fromisoformat(data["on"]),
            reasons=tuple(Reason.from_dict(r) for r in data.get("reasons", [])),
            missing=tuple(Missing.from_dict(m) for m in data.get("missing", [])),
            citations=tuple(data.get("citations", [])), interpretations=tuple(data.get("interpretations", [])),
            profile_version=data.get("profile_version", ""),
        )


@dataclass(frozen=True)
class DomainEvent:
    """An event to publish (docs/API.md §11 payload); subjects are named by id only, never by NIK."""

    name: str
    payload: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"event_type": self.name, "payload": self.payload}


@dataclass(frozen=True)
class Transition:
    case: Case
    events: tuple[DomainEvent, ...]
    decision: DecisionRecord

    @property
    def event_names(self) -> list[str]:
        return [e.name for e in self.events]


class Refused(Exception):
    """A command the rules do not allow; `decision` names what is missing and cites the article.

    The service layer turns it into a 422 problem (docs/API.md §9); nothing is to be saved."""

    def __init__(self, decision: DecisionRecord, title: str):
        self.decision = decision
        self.title = title
        details = "; ".join(f"{m.label} ({m.citation})" if m.citation else m.label for m in decision.missing)
        super().__init__(f"{title}: {details}" if details else title)
