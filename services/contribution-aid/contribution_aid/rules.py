"""The law the handlers apply: a regency's aid policy and the monthly contribution in force,
loaded from the profiles once per process, with profile problems turned into RFC 9457 answers."""
from __future__ import annotations

import datetime as dt

from contribution_aid.domain.allocations import aided_monthly_contribution
from contribution_aid.domain.parameters import ContributionQuote, ParameterError
from contribution_aid.domain.policy import AidPolicy, PolicyError, load_aid_policy
from contribution_aid.domain.schemes import village_kind
from shared.problems import InvalidInput, Problem
from shared.regulation import profile_cache, profiles


@profile_cache
def _policy(regency_code: str) -> AidPolicy:
    return load_aid_policy(regency_code)


def policy_for(regency_code: str, field: str = "regency_code") -> AidPolicy:
    try:
        return _policy(regency_code)
    except PolicyError:
        raise InvalidInput.fields([(field, f"no contribution-aid profile for regency {regency_code}")]) from None


@profile_cache(maxsize=256)
def _monthly(regency_code: str, as_of: dt.date) -> ContributionQuote:
    return aided_monthly_contribution(_policy(regency_code), as_of)


def monthly_contribution(policy: AidPolicy, as_of: dt.date) -> ContributionQuote:
    """JKK + JKM at the tier aid pays, in force on `as_of` (interpretation contribution_rate_date:
    the decision date)."""
    try:
        return _monthly(policy.regency_code, as_of)
    except ParameterError as exc:
        raise Problem(str(exc), status=422, slug="no-contribution-in-force",
                      title="No contribution parameter in force") from None


def village_kind_of(regency_code: str, village_code: str | None) -> str | None:
    """From participants.yaml `village_kinds`, for registrations whose event names no kind."""
    kinds = (profiles().part(regency_code, "participants") or {}).get("village_kinds") or ()
    return village_kind(village_code, kinds)


def today() -> dt.date:
    return dt.date.today()
