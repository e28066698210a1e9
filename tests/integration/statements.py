"""Counting the SQL statements a request sends (issue 18: hot writes are bounded by round trips).

`with statements_of(client) as sent:` records every statement the in-process app behind an `api(...)`
client executes; BEGIN and COMMIT are not statements here (psycopg sends them itself), so a request in
one transaction costs len(sent) + 2 round trips."""
from __future__ import annotations

import contextlib

from sqlalchemy import event


@contextlib.contextmanager
def statements_of(client):
    engine = client._transport.app.state.runtime.engine.sync_engine
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
