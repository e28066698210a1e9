"""Event envelope, typed contracts and the helper that wraps a payload for the outbox."""
from __future__ import annotations

from shared.events.contracts import BY_TYPE, DEAD_LETTER_TOPIC, EventPayload, topic_for
from shared.events.envelope import Envelope, correlation_id_var, current_correlation_id


def envelope_for(payload: EventPayload, *, regency_code: str) -> Envelope:
    return Envelope(
        event_type=payload.event_type,
        event_version=payload.event_version,
        producer=payload.producer,
        regency_code=regency_code,
        payload=payload.model_dump(mode="json"),
    )


def key_of(payload: EventPayload) -> str:
    return str(getattr(payload, payload.key_field))


def parse_payload(envelope: Envelope) -> EventPayload:
    """The typed payload of a known event (ValueError for an unknown type)."""
    contract = BY_TYPE.get(envelope.event_type)
    if contract is None:
        raise ValueError(f"unknown event type {envelope.event_type}")
    return contract.model_validate(envelope.payload)


__all__ = ["BY_TYPE", "DEAD_LETTER_TOPIC", "Envelope", "EventPayload", "correlation_id_var",
           "current_correlation_id", "envelope_for", "key_of", "parse_payload", "topic_for"]
