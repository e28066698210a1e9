"""Join or open? docs/API.md §9: a second finding for the same employer and violation joins the
open case (same id). A case is open until it is lifted, rejected or resolved; an imposed case
is still open, so new letters about it join it rather than starting a parallel case."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .case_state import Case, Subject


@dataclass(frozen=True)
class JoinDecision:
    join: bool
    case_id: str | None
    reason: str


def join_or_open(open_cases: Iterable[Case], *, regency_code: str, subject: Subject, violation: str) -> JoinDecision:
    """Pick the case a new finding belongs to; when several match (should not happen), the
    oldest wins so that every finding lands in the same case."""
    matching = [c for c in open_cases
                if not c.is_closed and c.regency_code == regency_code and c.subject == subject
                and c.violation == violation]
    if not matching:
        return JoinDecision(False, None, "tidak ada kasus terbuka untuk subjek dan pelanggaran ini")
    oldest = min(matching, key=lambda c: (c.opened_on, c.number, c.id))
    return JoinDecision(True, oldest.id, f"bergabung dengan kasus terbuka {oldest.number}")
