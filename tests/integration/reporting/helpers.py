"""What the reporting integration tests share: feeding the stream and waiting for the live
consumers, and a canonical dump of the read model."""
from __future__ import annotations

import datetime as dt

from reporting.models import READ_MODEL_TABLES
from tests.integration.conftest import eventually
from tests.integration.reporting.stream import mixed_stream, produce, unique_events


def applied_events(infra) -> int:
    return infra.sql("reporting", "SELECT count(*) FROM inbox WHERE outcome = 'processed'")[0][0]


async def feed(infra, workers, today: dt.date | None = None, **options) -> list:
    """Produce the mixed stream, run the reporting worker, wait until every event is applied."""
    messages = mixed_stream(today or dt.date.today(), **options)
    await produce(infra.broker.bootstrap, messages)
    await workers("reporting")
    expected = unique_events(messages)
    await eventually(lambda: applied_events(infra) >= expected, timeout=60, interval=0.2)
    assert applied_events(infra) == expected
    assert infra.sql("reporting", "SELECT count(*) FROM dead_letters")[0][0] == 0
    return messages


def dump_read_models(infra) -> dict[str, list]:
    """Every read-model row, in a stable order."""
    out = {}
    for table in READ_MODEL_TABLES:
        columns = [r[0] for r in infra.sql("reporting", "SELECT column_name FROM information_schema.columns "
                                                        "WHERE table_name = %s ORDER BY ordinal_position", (table,))]
        order = ", ".join(f'"{c}"::text' for c in columns)
        out[table] = infra.sql("reporting", f'SELECT * FROM "{table}" ORDER BY {order}')
    return out
