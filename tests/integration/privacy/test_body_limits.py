"""Issue 10 item 11: a chunked body (no Content-Length) over the limit is a 413 like a declared
one, and body limits belong to exact routes: the 64 MiB invoice limit is not the limit of
`/v1/invoices/{id}/payments` (default 1 MiB)."""
from __future__ import annotations

import uuid

from shared.http import RequestContextMiddleware

MIB = 1024 * 1024


async def chunks(total: int, size: int = 64 * 1024):
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


async def test_chunked_body_over_the_limit_is_413(infra, api):
    registry = await api("registry")
    response = await registry.post("/v1/participants", content=chunks(2 * MIB),
                                   headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_payments_do_not_get_the_invoice_limit(infra, api):
    aid = await api("contribution-aid")
    body = b'{"amount": 1, "pad": "' + b"x" * (2 * MIB) + b'"}'
    response = await aid.post(f"/v1/invoices/{uuid.uuid4()}/payments", content=body,
                              headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    chunked = await aid.post(f"/v1/invoices/{uuid.uuid4()}/payments", content=chunks(2 * MIB),
                             headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413


def test_limits_match_route_templates_exactly():
    middleware = RequestContextMiddleware(None, default_limit=MIB, limits={
        "/v1/invoices": 64 * MIB, "/v1/bpjs/membership-sync/{batch_id}": 512 * MIB})
    assert middleware._limit_for("/v1/invoices") == 64 * MIB
    assert middleware._limit_for("/v1/invoices/abc/payments") == MIB
    assert middleware._limit_for("/v1/bpjs/membership-sync/b-1") == 512 * MIB
    assert middleware._limit_for("/v1/bpjs/membership-sync/b-1/errors") == MIB
