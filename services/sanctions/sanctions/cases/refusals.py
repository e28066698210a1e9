"""A domain refusal as an RFC 9457 problem: what is missing, each with its article (docs/API.md §9)."""
from __future__ import annotations

from sanctions.domain import Refused
from shared.problems import Problem


def refusal_problem(refused: Refused) -> Problem:
    """422 naming what is missing; 409 when only the case's state stands in the way."""
    record = refused.decision
    missing = [m.to_dict() for m in record.missing]
    state_only = bool(missing) and all(m.id == "case_state" for m in record.missing)
    if state_only:
        status, slug = 409, "case-state-conflict"
    else:
        status, slug = 422, "prerequisites-not-met" if record.action == "impose" else "not-allowed-by-regulation"
    errors = [{"field": m.id, "message": f"{m.label} ({m.citation})" if m.citation else m.label}
              for m in record.missing]
    return Problem(str(refused), status=status, slug=slug, title=refused.title, errors=errors, missing=missing,
                   citations=list(record.citations), decision=record.to_dict())
