"""Builders shared by the registry integration tests: signed BPJS requests, employers, sync
files, outbox reads."""
from __future__ import annotations

import datetime as dt
import json
import time
import uuid

from registry.domain.bpjs_signature import parse_signing_keys, sign
from tests.factories import make_nik
from tests.integration.conftest import eventually

BUSINESS_NPWP = "01.234.567.4-407.000"


def new_nib() -> str:
    """A random 13-digit NIB (tests share one database, so never a fixed one)."""
    return str(10**12 + uuid.uuid4().int % (9 * 10**12))


def employer_body(regency_code: str = "6101", **overrides) -> dict:
    body = {"regency_code": regency_code, "name": "CV Maju Jaya", "nib": new_nib(), "npwp": BUSINESS_NPWP,
            "kind": "non_state", "business_scale": "small", "sector": "construction",
            "address": "Jl. Pahlawan No. 3"}
    body.update(overrides)
    return body


def signing_key(infra) -> tuple[str, bytes]:
    keys = parse_signing_keys(infra.env["LINDUNG_REGISTRY_BPJS_SIGNING_KEYS"])
    return next(iter(keys.items()))


def signed_headers(infra, path: str, body: bytes, *, method: str = "POST", timestamp: float | None = None,
                   nonce: str | None = None, content_type: str = "text/csv") -> dict:
    key_id, secret = signing_key(infra)
    headers = sign(key_id=key_id, secret=secret, method=method, path=path, body=body,
                   timestamp=int(timestamp if timestamp is not None else time.time()), nonce=nonce)
    return {**headers, "content-type": content_type}


def sync_path(batch_id: str) -> str:
    return f"/v1/bpjs/membership-sync/{batch_id}"


def new_batch_id() -> str:
    return f"batch-{uuid.uuid4().hex[:12]}"


def sync_nik(i: int, regency_code: str = "6207") -> str:
    """Distinct valid NIKs: the serial and the encoded birth date vary with i."""
    birth = dt.date(1961, 1, 1) + dt.timedelta(days=(i // 9000) * 3 + 1)
    return make_nik(regency_code, birth, "M" if i % 2 else "F", district="07", serial=1000 + i % 9000)


def sync_csv(rows: list[dict]) -> bytes:
    columns = ("nik", "kpj_number", "programs", "status", "start_date", "end_date")
    lines = [",".join(columns)] + [",".join(str(r.get(c, "") or "") for c in columns) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def sync_row(i: int, *, status: str = "active", programs: str = "JKK;JKM", nik: str | None = None,
             end_date: str = "") -> dict:
    return {"nik": nik or sync_nik(i), "kpj_number": f"{i:011d}", "programs": programs, "status": status,
            "start_date": "2026-01-05", "end_date": end_date}


def ndjson(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def outbox(infra, event_type: str | None = None) -> list[dict]:
    query = "SELECT envelope FROM outbox" + (" WHERE event_type = %s" if event_type else "") + " ORDER BY id"
    return [r[0] for r in infra.sql("registry", query, (event_type,) if event_type else None)]


def events_about(infra, event_type: str, field: str, value) -> list[dict]:
    return [e["payload"] for e in outbox(infra, event_type) if e["payload"].get(field) == str(value)]


async def finished(client, url: str, done_status: str = "completed") -> dict:
    """The job at `url` (a sync batch or a candidate import) once it has finished."""
    async def done():
        status = (await client.get(url)).json()
        return status if status["status"] == done_status else None
    return await eventually(done, timeout=30)
