"""Counting the round trips a request makes to its database (issue 18: hot writes are bounded by them).

`with statements_of(client) as sent:` records every statement the in-process app behind an `api(...)`
client executes, and the transaction commands psycopg sends on its own (BEGIN, COMMIT, ROLLBACK: each
a round trip too, recorded as bytes). The pool's pre-ping on checkout is not counted."""
from __future__ import annotations

import contextlib
from unittest import mock

from psycopg._connection_base import BaseConnection
from sqlalchemy import event


@contextlib.contextmanager
def statements_of(client):
    engine = client._transport.app.state.runtime.engine.sync_engine
    sent: list = []
    send_command = BaseConnection._exec_command

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    def command(self, cmd, *args, **kwargs):  # psycopg's own BEGIN/COMMIT (a generator it drives)
        sent.append(bytes(cmd) if isinstance(cmd, bytes | bytearray) else cmd)
        return send_command(self, cmd, *args, **kwargs)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with mock.patch.object(BaseConnection, "_exec_command", command):
            yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def transaction_commands(sent: list) -> list[bytes]:
    return [s.split()[0] for s in sent if isinstance(s, bytes)]
