"""Domain refusals as RFC 9457 problems: the first refusal names the problem type (e.g.
`.../budget-exhausted`), every refusal is listed with its message and citations.

A refusal that depends on what others already did (money or months already taken) is a 409;
a request the rules do not allow whatever happens meanwhile is a 422."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from contribution_aid.domain.outcomes import Refusal
from shared.problems import Problem

CONFLICTS = frozenset({"budget_exhausted", "month_already_funded", "share_exceeds_contribution",
                       "amendment_below_committed", "decree_number_reused", "already_paid"})


def refusal_problem(refusals: Sequence[Refusal], fields: Mapping[str, str] | None = None) -> Problem:
    """`fields` maps a refusal code to the request field it is about (for `errors`)."""
    first = refusals[0]
    status = 409 if first.code in CONFLICTS else 422
    errors = [{"field": (fields or {}).get(r.code, "body"), "message": r.message} for r in refusals]
    return Problem(first.message, status=status, slug=first.code.replace("_", "-"),
                   title=first.code.replace("_", " ").capitalize(), errors=errors,
                   refusals=[r.as_dict() for r in refusals],
                   citations=list(dict.fromkeys(c for r in refusals for c in r.citations)))
