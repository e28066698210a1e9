"""ASGI middleware: request and correlation ids (carried into events), body-size limit (413
before parsing), access log lines without bodies."""
from __future__ import annotations

import time
import uuid

import structlog

from shared import audit
from shared.events.envelope import correlation_id_var
from shared.logging import get_logger
from shared.problems import PayloadTooLarge, problem_response

log = get_logger("http")


class RequestContextMiddleware:
    def __init__(self, app, *, default_limit: int, limits: dict[str, int] | None = None):
        self.app, self.default_limit, self.limits = app, default_limit, limits or {}

    def _limit_for(self, path: str) -> int:
        for prefix, limit in self.limits.items():
            if path.startswith(prefix):
                return limit
        return self.default_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        request_id = headers.get("x-request-id") or str(uuid.uuid4())
        correlation_id = headers.get("x-correlation-id") or request_id
        correlation_id_var.set(correlation_id)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, correlation_id=correlation_id)
        limit = self._limit_for(scope["path"])
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            response = problem_response(PayloadTooLarge(f"Request body exceeds {limit} bytes"))
            return await response(scope, receive, send)
        status_holder = {"status": 500}
        received = {"bytes": 0}

        async def limited_receive():
            message = await receive()
            if message["type"] == "http.request":
                received["bytes"] += len(message.get("body", b""))
                if received["bytes"] > limit:
                    raise _BodyTooLarge()
            return message

        async def send_with_ids(message):
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-request-id", request_id.encode()),
                                                                 (b"x-correlation-id", correlation_id.encode())]
            await send(message)

        started = time.perf_counter()
        actor = audit.request_scope()  # who acts is bound by the auth dependency, for this request only
        try:
            await self.app(scope, limited_receive, send_with_ids)
        except _BodyTooLarge:
            await problem_response(PayloadTooLarge(f"Request body exceeds {limit} bytes"))(
                scope, receive, send_with_ids
            )
        finally:
            audit.end_request_scope(actor)
            log.info("http_request", method=scope["method"], path=scope["path"], status=status_holder["status"],
                     duration_ms=round((time.perf_counter() - started) * 1000, 2))


class _BodyTooLarge(Exception):
    pass
