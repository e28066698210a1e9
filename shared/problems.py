"""RFC 9457 problem responses (docs/API.md §4) for every error, validation included."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from shared.logging import error_fields, get_logger
from shared.resilience import OUTAGE_TYPES, is_outage

PROBLEM_BASE = "https://lindung.go.id/problems/"
PROBLEM_JSON = "application/problem+json"
log = get_logger("problems")


class Problem(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(self, detail: str, *, errors: list[dict] | None = None, status: int | None = None,
                 slug: str | None = None, title: str | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.status = status or self.status
        self.slug = slug or self.slug
        self.title = title or self.title
        self.extra = extra

    def to_dict(self) -> dict:
        body = {"type": PROBLEM_BASE + self.slug, "title": self.title, "status": self.status, "detail": self.detail}
        if self.errors is not None:
            body["errors"] = self.errors
        body.update(self.extra)
        return body


class NotFound(Problem):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(Problem):
    status, slug, title = 409, "conflict", "Conflict"


class InvalidInput(Problem):
    status, slug, title = 422, "validation-error", "Invalid input"

    @classmethod
    def fields(cls, errors: list[tuple[str, str]], detail: str = "Request has invalid fields") -> InvalidInput:
        return cls(detail, errors=[{"field": f, "message": m} for f, m in errors])


class Unauthorized(Problem):
    status, slug, title = 401, "unauthorized", "Unauthorized"


class Forbidden(Problem):
    status, slug, title = 403, "forbidden", "Forbidden"


class PayloadTooLarge(Problem):
    status, slug, title = 413, "payload-too-large", "Payload too large"


class ServiceUnavailable(Problem):
    status, slug, title = 503, "service-unavailable", "Service unavailable"


# how long a client should wait before retrying while a dependency is down
OUTAGE_RETRY_AFTER_SECONDS = 5
OUTAGE = ServiceUnavailable(
    "Layanan sementara tidak tersedia (basis data tidak dapat dijangkau); coba lagi sebentar lagi. / "
    "The service is temporarily unavailable (its database cannot be reached); please retry shortly.")


def problem_response(problem: Problem, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(problem.to_dict(), status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(loc[-1] if loc else "body")


def _validation_errors(exc: RequestValidationError) -> list[dict]:
    out = []
    for err in exc.errors():
        message = err.get("msg", "invalid")
        if err.get("type") == "value_error" and err.get("ctx", {}).get("error"):
            message = str(err["ctx"]["error"])  # our own bilingual message, without "Value error, "
        if err.get("type") == "extra_forbidden":
            message = "field not accepted by this endpoint"
        out.append({"field": _field_name(tuple(err.get("loc", ()))), "message": message})
    return out


_STATUS_SLUGS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
                 405: "method-not-allowed", 409: "conflict", 413: "payload-too-large", 415: "unsupported-media-type",
                 422: "validation-error", 429: "too-many-requests"}


def allowed_methods(request: Request) -> list[str]:
    """The methods some route of the app takes at this request's path (RFC 9110 15.5.6: 405 carries Allow)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if getattr(route, "methods", None) and compile_path(route.path)[0].match(request.url.path):
            methods |= set(route.methods)
    return sorted(methods)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_req: Request, exc: Problem):
        return problem_response(exc, headers=getattr(exc, "headers", None))  # e.g. Retry-After of a 429

    @app.exception_handler(RequestValidationError)
    async def _validation(_req: Request, exc: RequestValidationError):
        return problem_response(InvalidInput("Request has invalid fields", errors=_validation_errors(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(req: Request, exc: StarletteHTTPException):
        slug = _STATUS_SLUGS.get(exc.status_code, "error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every method of the path, not only those of the first route matched
            headers["Allow"] = ", ".join(allowed_methods(req))
        return problem_response(
            Problem(str(exc.detail), status=exc.status_code, slug=slug, title=slug.replace("-", " ").capitalize()),
            headers=headers or None,
        )

    # Registered for the outage-capable classes too, so an outage raised in a route is answered
    # here (ExceptionMiddleware) rather than re-raised by the server-error layer.
    for exc_class in (Exception, *OUTAGE_TYPES):
        app.add_exception_handler(exc_class, _unexpected)


async def _unexpected(_req: Request, exc: Exception):
    """One answer for every exception no route handled: 503 + Retry-After when a dependency is
    unreachable (the request may well succeed shortly), else 500 (a defect, logged)."""
    if is_outage(exc):
        log.warning("dependency_unavailable", error_type=type(exc).__name__)
        return problem_response(OUTAGE, headers={"Retry-After": str(OUTAGE_RETRY_AFTER_SECONDS)})
    log.error("unhandled_error", **error_fields(exc))
    return problem_response(Problem("An internal error occurred; it has been logged.", status=500,
                                    slug="internal-error", title="Internal error"))
