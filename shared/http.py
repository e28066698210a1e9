"""The services' one ASGI middleware: request and correlation ids (carried into events),
body-size limit (413 before parsing), the HTTP metrics (rate and latency by route template), and
access log lines without bodies. One layer, not one per concern: each pure-ASGI layer costs every
request a call, a closure and a send wrapper (issue 18: the three nested middlewares were 15-18 %
each of a clearance lookup).

The access log: a request answered with a 5xx or slower than `SLOW_SECONDS` is logged at INFO;
the others only at DEBUG (`LINDUNG_LOG_LEVEL=DEBUG`): a line per successful lookup was 7-10 % of
the clearance route's time, and the metrics count every request anyway."""
from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

import structlog

from shared import audit
from shared.events.envelope import correlation_id_var
from shared.logging import get_logger
from shared.metrics import observe_request, route_template
from shared.problems import PayloadTooLarge, problem_response

log = get_logger("http")
SLOW_SECONDS = 1.0
_ACCESS_LOGGER = logging.getLogger("http")  # the stdlib logger behind `log`: asked whether DEBUG is on
# the id of the request being served (the client's X-Request-Id, else one the server made)
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


class RequestContextMiddleware:
    """`limits` maps route templates (`/v1/invoices`, `/v1/bpjs/membership-sync/{batch_id}`) to
    their body limit; a path matches a template exactly (a `{name}` is one path segment), so the
    invoice limit is not the limit of `/v1/invoices/{id}/payments`. Other paths get the default."""

    def __init__(self, app, *, default_limit: int, limits: dict[str, int] | None = None, service: str = "unknown"):
        self.app, self.default_limit, self.service = app, default_limit, service
        self.limits = [(_template(path), limit) for path, limit in (limits or {}).items()]

    def _limit_for(self, path: str) -> int:
        for pattern, limit in self.limits:
            if pattern.fullmatch(path):
                return limit
        return self.default_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = _wanted_headers(scope.get("headers", []))
        request_id = headers.get("x-request-id") or str(uuid.uuid4())
        if "x-request-id" not in headers:  # handlers and audit rows read the server's id like a client's
            scope = {**scope, "headers": [*scope.get("headers", []), (b"x-request-id", request_id.encode())]}
        request_id_var.set(request_id)
        correlation_id = headers.get("x-correlation-id") or request_id
        correlation_id_var.set(correlation_id)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, correlation_id=correlation_id)
        limit = self._limit_for(scope["path"])
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            response = problem_response(PayloadTooLarge(f"Request body exceeds {limit} bytes"))
            return await response(scope, receive, send)
        state = {"status": 500, "bytes": 0, "too_large": False, "started": False}

        async def limited_receive():
            message = await receive()
            if message["type"] == "http.request":
                state["bytes"] += len(message.get("body", b""))
                if state["bytes"] > limit:  # a chunked body (no Content-Length) grew past the limit
                    state["too_large"] = True
                    raise _BodyTooLarge()
            return message

        async def send_with_ids(message):
            if state["too_large"] and not state["started"]:
                return  # the app's answer to the interrupted body (a 400) is replaced by the 413 below
            if message["type"] == "http.response.start":
                state["status"], state["started"] = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-request-id", request_id.encode()),
                                                                 (b"x-correlation-id", correlation_id.encode())]
            await send(message)

        started = time.perf_counter()
        actor = audit.request_scope()  # who acts is bound by the auth dependency, for this request only
        try:
            try:
                await self.app(scope, limited_receive, send_with_ids)
            except Exception:  # noqa: BLE001 - however the app reacts to the cut body, the answer is 413
                if not state["too_large"]:
                    raise
            if state["too_large"] and not state["started"]:
                state["too_large"] = False
                await problem_response(PayloadTooLarge(f"Request body exceeds {limit} bytes"))(
                    scope, receive, send_with_ids)
        finally:
            audit.end_request_scope(actor)
            self._observe(scope, state["status"], time.perf_counter() - started)

    def _observe(self, scope, status: int, seconds: float) -> None:
        """Metrics for every request (the router recorded the matched route in `scope`); the log line
        for a failed or slow one, or for each one at DEBUG."""
        observe_request(self.service, scope["method"], route_template(scope), status, seconds)
        if status >= 500 or seconds >= SLOW_SECONDS:
            log.info("http_request", method=scope["method"], path=scope["path"], status=status,
                     duration_ms=round(seconds * 1000, 2))
        elif _ACCESS_LOGGER.isEnabledFor(logging.DEBUG):
            log.debug("http_request", method=scope["method"], path=scope["path"], status=status,
                      duration_ms=round(seconds * 1000, 2))


WANTED_HEADERS = (b"x-request-id", b"x-correlation-id", b"content-length")


def _wanted_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """The three headers this middleware reads, decoded; not every header of every request. Latin-1:
    header bytes are not always UTF-8 (RFC 9110 5.5), and a stray byte must not be a 500."""
    found = {}
    for name, value in raw:
        lowered = name.lower()
        if lowered in WANTED_HEADERS:
            found[lowered.decode("latin-1")] = value.decode("latin-1")
    return found


def _template(path: str) -> re.Pattern:
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)))


class _BodyTooLarge(Exception):
    pass
