"""Typed, versioned event contracts (docs/API.md §11), one module per producing service. Payloads
name people by id, never by NIK or mother's maiden name."""
from __future__ import annotations

from shared.events import contribution_aid, eligibility, registry, sanctions  # noqa: F401 - registers contracts
from shared.events.base import DEAD_LETTER_TOPIC, EventPayload, Program, topic_for
from shared.events.contribution_aid import *  # noqa: F401,F403
from shared.events.eligibility import *  # noqa: F401,F403
from shared.events.registry import *  # noqa: F401,F403
from shared.events.sanctions import *  # noqa: F401,F403


def _all_contracts() -> list[type[EventPayload]]:
    return sorted(EventPayload.__subclasses__(), key=lambda c: (c.producer, c.event_type))


ALL_CONTRACTS: list[type[EventPayload]] = _all_contracts()
BY_TYPE: dict[str, type[EventPayload]] = {c.event_type: c for c in ALL_CONTRACTS}
__all__ = ["ALL_CONTRACTS", "BY_TYPE", "DEAD_LETTER_TOPIC", "EventPayload", "Program", "topic_for"]
