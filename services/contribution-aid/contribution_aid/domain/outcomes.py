"""Shared shapes of a decision's explanation: refusals and notes with citations."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """Why something is not allowed: a stable English code, an Indonesian message for the
    people who read it, the articles it rests on, and machine-readable details."""

    code: str
    message: str
    citations: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message,
                "citations": list(self.citations), "details": dict(self.details)}


@dataclass(frozen=True)
class Note:
    """Something a person should know about an accepted decision (not a refusal)."""

    code: str
    message: str
    citations: tuple[str, ...] = ()


def rupiah(amount: int) -> str:
    """Indonesian money formatting: 16800 -> `Rp16.800`."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def cite(*citations: object) -> tuple[str, ...]:
    """Rendered citations without blanks or repeats, order kept."""
    seen: dict[str, None] = {}
    for citation in citations:
        if citation:
            seen.setdefault(str(citation), None)
    return tuple(seen)
