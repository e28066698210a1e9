import pytest

from eligibility.rules import ProfileRegistry


@pytest.fixture(scope="session")
def registry() -> ProfileRegistry:
    return ProfileRegistry.load()
