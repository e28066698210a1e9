"""The sanctions API as the admin client, in process."""
from __future__ import annotations

import pytest


@pytest.fixture
async def sanctions(api, infra):
    """`infra` rides along so the helpers can make an employer known as the registry's event would."""
    client = await api("sanctions")
    client.infra = infra
    return client
