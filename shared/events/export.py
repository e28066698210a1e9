"""Export JSON Schema for every event and an AsyncAPI 3.0 document (`docs/events/`).

`python -m shared.events.export` writes them; `--check` exits 1 when the committed files drift
from the code (the test suite runs the check)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from shared.events.contracts import ALL_CONTRACTS, DEAD_LETTER_TOPIC, topic_for
from shared.events.envelope import Envelope

OUT = Path(__file__).resolve().parents[2] / "docs" / "events"


def event_schema(contract) -> dict:
    envelope = Envelope.model_json_schema()
    envelope["title"] = contract.event_type
    envelope["description"] = contract.description
    envelope["properties"]["event_type"] = {"const": contract.event_type}
    envelope["properties"]["event_version"] = {"const": contract.event_version}
    envelope["properties"]["producer"] = {"const": contract.producer}
    payload = contract.model_json_schema()
    definitions = payload.pop("$defs", None)
    envelope["properties"]["payload"] = payload
    if definitions:
        envelope["$defs"] = definitions
    envelope["required"] = sorted(set(envelope.get("required", [])) | {"event_type", "producer", "payload",
                                                                       "regency_code", "event_id", "occurred_at"})
    return envelope


def asyncapi_document() -> dict:
    channels, operations, messages = {}, {}, {}
    for contract in ALL_CONTRACTS:
        topic = topic_for(contract.producer)
        channel_id = topic.replace(".", "_").replace("-", "_")
        channels.setdefault(channel_id, {"address": topic, "description": f"Events produced by {contract.producer}, "
                                         "keyed by aggregate id", "messages": {}})
        channels[channel_id]["messages"][contract.event_type] = {"$ref": f"#/components/messages/{contract.event_type}"}
        messages[contract.event_type] = {
            "name": contract.event_type, "title": contract.event_type, "summary": contract.description,
            "contentType": "application/json",
            "bindings": {"kafka": {"key": {"type": "string", "description": f"payload.{contract.key_field}"}}},
            "payload": {"$ref": f"./{contract.event_type}.v{contract.event_version}.schema.json"},
        }
    for channel_id in channels:
        operations[f"publish_{channel_id}"] = {"action": "send", "channel": {"$ref": f"#/channels/{channel_id}"}}
    channels["dead_letter"] = {"address": DEAD_LETTER_TOPIC, "description": "Messages a consumer could not process, "
                               "with the error and the consumer's name"}
    return {"asyncapi": "3.0.0", "info": {"title": "Lindung events", "version": "1.0.0",
                                          "description": "Events exchanged by the Lindung services (docs/API.md §11)."},
            "channels": channels, "operations": operations, "components": {"messages": messages}}


def rendered() -> dict[str, str]:
    files = {
        f"{c.event_type}.v{c.event_version}.schema.json": json.dumps(event_schema(c), indent=2, sort_keys=True) + "\n"
        for c in ALL_CONTRACTS
    }
    files["asyncapi.json"] = json.dumps(asyncapi_document(), indent=2, sort_keys=True) + "\n"
    return files


def drift() -> list[str]:
    files = rendered()
    out = [name for name, text in files.items() if not (OUT / name).exists() or (OUT / name).read_text() != text]
    out += [p.name for p in OUT.glob("*.json") if p.name not in files] if OUT.exists() else []
    return out


def main(argv: list[str]) -> int:
    if "--check" in argv:
        changed = drift()
        if changed:
            print("event documents out of date, run `python -m shared.events.export`:", ", ".join(changed))
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    for name, text in rendered().items():
        (OUT / name).write_text(text)
    print(f"wrote {len(rendered())} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
