"""The eligibility service's NIK blind-index key (not among the devstack's generated secrets)."""
import base64

import pytest

BLIND_INDEX_KEY = base64.b64encode(b"eligibility-test-blind-index-32b").decode()


@pytest.fixture(autouse=True)
def eligibility_blind_index_key(monkeypatch):
    monkeypatch.setenv("LINDUNG_ELIGIBILITY_BLIND_INDEX_KEY", BLIND_INDEX_KEY)


@pytest.fixture
async def eligibility_runtime(infra, eligibility_blind_index_key):
    """The eligibility service's runtime as the worker holds it (for calling job functions directly)."""
    from eligibility.settings import get_settings
    from shared.app import Runtime

    runtime = Runtime.create(get_settings())
    yield runtime
    await runtime.engine.dispose()
