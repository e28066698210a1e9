"""Which errors are an outage (wait, 503, never dead-letter) and which are a defect or bad data."""
from __future__ import annotations

import psycopg
from aiokafka.errors import KafkaConnectionError
from sqlalchemy.exc import IntegrityError, OperationalError

from shared.resilience import Backoff, is_outage


def test_unreachable_database_and_broker_are_outages():
    assert is_outage(OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused")))
    assert is_outage(psycopg.OperationalError("server closed the connection unexpectedly"))
    assert is_outage(ConnectionRefusedError())
    assert is_outage(KafkaConnectionError())
    assert is_outage(TimeoutError())


def test_bad_data_and_defects_are_not_outages():
    assert not is_outage(IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation("duplicate key")))
    assert not is_outage(FileNotFoundError("profiles/x.yaml"))
    assert not is_outage(ValueError("bad"))
    assert not is_outage(KeyError("sex"))


def test_backoff_grows_to_its_cap_and_resets():
    backoff = Backoff(initial=0.1, cap=2.0)
    delays = [backoff.next_delay() for _ in range(10)]
    assert delays[0] <= 0.1 and max(delays) <= 2.0 and delays[-1] >= 1.0
    backoff.reset()
    assert backoff.next_delay() <= 0.1
