"""Fixtures for the sanctions domain tests: the real profiles of the five regencies."""
from __future__ import annotations

import pytest
from sanctions_builders import all_profiles


@pytest.fixture(scope="session")
def profiles():
    return all_profiles()
