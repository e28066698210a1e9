"""Schemathesis hooks (SCHEMATHESIS_HOOKS=tests.integration.conformance.hooks): how to put an upload the
schema declares as NDJSON on the wire (schemathesis knows JSON, text and forms, not NDJSON)."""
from __future__ import annotations

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(_ctx, value) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    rows = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)
