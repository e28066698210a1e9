"""The consumer's fetch pacing (shared/consumer.py FetchPacing): a short broker wait while events
flow, a long one when idle, applied to the running aiokafka client."""
from __future__ import annotations

import inspect
from types import SimpleNamespace

from aiokafka import AIOKafkaConsumer
from aiokafka.consumer.fetcher import Fetcher

from shared import consumer as consumer_module
from shared.consumer import ACTIVE_METADATA_MS, IDLE_METADATA_MS, FetchPacing
from shared.kafka import set_fetch_wait


def fake_consumer(wait_ms: int) -> SimpleNamespace:
    return SimpleNamespace(_fetcher=SimpleNamespace(_fetch_max_wait_ms=wait_ms, _fetcher_timeout=0.2),
                           _client=SimpleNamespace(_metadata_max_age_ms=ACTIVE_METADATA_MS))


def test_goes_idle_after_the_active_window_and_wakes_on_events(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(consumer_module.time, "monotonic", lambda: now[0])
    pacing = FetchPacing(active_ms=20, idle_ms=5000, active_seconds=10)
    client = fake_consumer(pacing.started())
    assert client._fetcher._fetch_max_wait_ms == 20

    now[0] += 9.9
    pacing.after_poll(client, got_events=False)
    assert client._fetcher._fetch_max_wait_ms == 20 and pacing.epoch_check_seconds() == 2.0

    now[0] += 0.2
    pacing.after_poll(client, got_events=False)
    assert client._fetcher._fetch_max_wait_ms == 5000
    assert client._client._metadata_max_age_ms == IDLE_METADATA_MS and client._fetcher._fetcher_timeout == 2.0
    assert pacing.epoch_check_seconds() > 2.0

    now[0] += 600
    pacing.after_poll(client, got_events=True)
    assert client._fetcher._fetch_max_wait_ms == 20
    assert client._client._metadata_max_age_ms == ACTIVE_METADATA_MS and client._fetcher._fetcher_timeout == 0.2


async def test_the_installed_aiokafka_still_has_the_attributes_the_pacing_sets():
    """No public setter exists; if a new aiokafka renames them, this fails instead of the pacing
    silently keeping the first wait."""
    client = AIOKafkaConsumer(bootstrap_servers="127.0.0.1:1", fetch_max_wait_ms=20, metadata_max_age_ms=5000)
    assert client._fetcher is None  # made by start(): setting the wait before must not fail
    set_fetch_wait(client, 5000, IDLE_METADATA_MS, 2.0)
    assert client._client._metadata_max_age_ms == IDLE_METADATA_MS
    builds_requests = inspect.getsource(Fetcher._get_actions_per_node)
    assert "self._fetch_max_wait_ms" in builds_requests  # read per request, so a change applies to the next one
    assert "backoff = self._fetcher_timeout" in builds_requests  # the routine's idle re-plan interval, per turn
    made = inspect.getsource(Fetcher.__init__)
    assert "self._fetch_max_wait_ms = fetch_max_wait_ms" in made and "self._fetcher_timeout = fetcher_timeout" in made
