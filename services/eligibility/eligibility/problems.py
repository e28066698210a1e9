"""Domain errors of the rules as RFC 9457 problems (404 unknown regency, 422 scheme not offered,
no regulation in force, invalid facts, not configured)."""
from __future__ import annotations

from contextlib import contextmanager

from eligibility.rules import RulesError, SchemeNotOffered
from shared.problems import Problem


def problem_of(error: RulesError, field_prefix: str = "") -> Problem:
    problem = error.to_problem()
    if field_prefix and problem.errors and not isinstance(error, SchemeNotOffered):  # `scheme` is top level
        problem.errors = [{**e, "field": field_prefix + e["field"]} for e in problem.errors]
    return problem


@contextmanager
def rules_as_problems(field_prefix: str = ""):
    """Inside: a RulesError becomes its problem; field errors are named from the request body
    root (e.g. `applicant.nik`)."""
    try:
        yield
    except RulesError as error:
        raise problem_of(error, field_prefix) from None
