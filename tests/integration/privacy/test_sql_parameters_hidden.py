"""A database error never quotes its statement's parameters (issue 10 item 3)."""
from __future__ import annotations

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from shared.db import make_engine
from tests.factories import participant_body


async def test_engine_errors_carry_no_parameters(infra):
    engine = make_engine(infra.db_url("registry"), pool_size=1)
    name = participant_body()["full_name"]
    try:
        async with engine.connect() as conn:
            with pytest.raises(sqlalchemy.exc.DBAPIError) as caught:
                await conn.execute(text("SELECT CAST(:name AS text)"), {"name": name + "\x00"})
    finally:
        await engine.dispose()
    assert name not in str(caught.value)
