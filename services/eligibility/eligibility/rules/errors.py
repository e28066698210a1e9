"""Errors of the eligibility domain.

Pure: no web framework here. Each error carries the RFC 9457 `status`/`slug` the HTTP layer
answers with (docs/API.md §4-§5); `to_problem()` builds the shared Problem lazily so importing the
domain never imports FastAPI.
"""
from __future__ import annotations


class RulesError(Exception):
    status = 422
    slug = "invalid-request"
    title = "Invalid request"

    def __init__(self, detail: str, *, errors: list[tuple[str, str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors

    def to_problem(self):
        from shared.problems import Problem  # lazy: the domain stays framework-free

        errors = [{"field": f, "message": m} for f, m in self.errors] if self.errors is not None else None
        return Problem(self.detail, errors=errors, status=self.status, slug=self.slug, title=self.title)


class UnknownRegency(RulesError):
    status, slug, title = 404, "unknown-regency", "Unknown regency"


class SchemeNotOffered(RulesError):
    status, slug, title = 422, "scheme-not-offered", "Scheme not offered by this regency"


class NoRegulationInForce(RulesError):
    status, slug, title = 422, "no-regulation-in-force", "No regulation in force on that date"


class InvalidFacts(RulesError):
    """Applicant facts that cannot be used: invalid NIK, birth_date/sex contradicting the NIK,
    wrong types or unknown fields. `errors` lists (field, message)."""

    status, slug, title = 422, "validation-error", "Invalid input"


class NotConfigured(RulesError):
    """The profile has no rule for what was asked (e.g. no ranking or re-verification rules)."""

    status, slug, title = 422, "not-configured", "Not configured for this regency"


class ProfileError(Exception):
    """A profile YAML file is invalid. Raised at load time, never while deciding."""

    def __init__(self, problems: list[str]):
        super().__init__("invalid regulation profile:\n  " + "\n  ".join(problems))
        self.problems = problems
