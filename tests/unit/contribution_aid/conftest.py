"""Fixtures for the pure contribution-aid domain: the real profiles, no I/O beyond reading them."""
from __future__ import annotations

import pytest
from aid_builders import AS_OF, CODES

from contribution_aid.domain.allocations import aided_monthly_contribution
from contribution_aid.domain.parameters import load_contribution_parameters
from contribution_aid.domain.policy import load_aid_policy


@pytest.fixture(scope="session")
def params():
    return load_contribution_parameters()


@pytest.fixture(scope="session")
def policies():
    return {name: load_aid_policy(code) for name, code in CODES.items()}


@pytest.fixture(scope="session")
def monthly(policies, params):
    """The aided monthly contribution per regency on AS_OF (JKK + JKM lowest BPU tier)."""
    return {name: aided_monthly_contribution(policy, AS_OF, params) for name, policy in policies.items()}
