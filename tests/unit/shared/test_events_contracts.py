"""Event contracts: exported schemas match the code, payloads carry no personal data."""
from __future__ import annotations

import uuid

import jsonschema
import orjson

from shared.events import envelope_for
from shared.events.contracts import ALL_CONTRACTS, ParticipantRegistered
from shared.events.export import drift, event_schema

PERSONAL_FIELDS = {"nik", "mother_maiden_name", "address", "latitude", "longitude", "full_name", "birth_date"}


def test_committed_event_documents_match_the_code():
    assert drift() == [], "run `python -m shared.events.export` and commit docs/events/"


def test_no_event_payload_carries_personal_data():
    for contract in ALL_CONTRACTS:
        assert not PERSONAL_FIELDS & set(contract.model_fields), contract.event_type


def test_an_envelope_validates_against_its_exported_schema():
    payload = ParticipantRegistered(participant_id=uuid.uuid4(), worker_type="bpu", category="petani", sex="F",
                                    birth_year=1990, registered_on="2026-02-01")
    document = orjson.loads(orjson.dumps(envelope_for(payload, regency_code="6101").to_json_dict()))
    jsonschema.validate(document, event_schema(ParticipantRegistered))
    document["payload"]["nik"] = "6101015506800001"
    try:
        jsonschema.validate(document, event_schema(ParticipantRegistered))
    except jsonschema.ValidationError:
        return
    raise AssertionError("a payload with a NIK must not validate")
