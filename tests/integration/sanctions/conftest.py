"""The sanctions API as the admin client, in process."""
from __future__ import annotations

import pytest


@pytest.fixture
async def sanctions(api):
    return await api("sanctions")
