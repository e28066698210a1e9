"""A fast path for a hot route, beside FastAPI's own handler (issue 18: the clearance lookup spent
about half of its Python time solving dependencies and validating five query parameters).

A route built by `FastPathRoute` whose endpoint carries a `fast_path` (`@fast_path(parse)`) first
calls `parse(request)`: it answers the arguments of the endpoint's plain case (every parameter
present once, well formed in the narrowest sense) or None. Arguments: the route's dependencies are
called (the same functions, in the same order: the app's, then the endpoint's; each a function of
the request alone, checked when the route is built) and the endpoint runs (it answers a `Response`
itself: the response model documents the answer, as on every hot route). None: FastAPI's standard
handler answers, so every unusual or malformed request gets exactly the answer (422 and its
`errors`, 401, 403) it got before, from the same code. The OpenAPI document is FastAPI's, from the
endpoint's signature, unchanged."""
from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import fastapi.routing
from fastapi import Request
from fastapi.routing import APIRoute
from starlette.responses import Response

Parse = Callable[[Request], dict[str, Any] | None]


def fast_path(parse: Parse):
    """Endpoint decorator: `parse(request)` gives the plain case's arguments (every query parameter of
    the endpoint) or None."""

    def attach(endpoint):
        endpoint.fast_path = parse
        return endpoint

    return attach


class FastPathRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        standard = super().get_route_handler()
        parse = getattr(self.endpoint, "fast_path", None)
        if parse is None:
            return standard
        dependant = _dependant(self)
        dependencies = [_request_only(self.path, d) for d in dependant.dependencies]
        endpoint, request_name = self.endpoint, dependant.request_param_name

        async def handler(request: Request) -> Response:
            arguments = parse(request)
            if arguments is None:
                return await standard(request)
            if request_name:
                arguments[request_name] = request
            solved: dict = {}  # FastAPI calls a dependency met twice once per request; so does this
            for name, call, its_request in dependencies:
                if call not in solved:
                    solved[call] = await call(**{its_request: request})
                if name:
                    arguments[name] = solved[call]
            response = await endpoint(**arguments)
            if not isinstance(response, Response):  # FastAPI's serialising is what this path skips
                raise TypeError(f"{endpoint.__name__}: a fast-path endpoint returns a Response")
            return response

        return handler


def _dependant(route: APIRoute):
    """The dependant FastAPI itself solves for this route: since FastAPI 0.16x an included route's
    dependencies (the app's, the routers') live in its inclusion context, before that on the route."""
    context_var = getattr(fastapi.routing, "_effective_route_context_var", None)
    context = context_var.get() if context_var is not None else None
    return context.dependant if context is not None and context.original_route is route else route.dependant


def _request_only(path: str, dependant) -> tuple[str | None, Callable, str]:
    """(parameter name or None, the function, its request parameter's name). Only an async function of
    the request alone can be called by hand; any other refuses to start, rather than answer wrongly."""
    plain = (inspect.iscoroutinefunction(dependant.call) and dependant.request_param_name
             and not (dependant.dependencies or dependant.path_params or dependant.query_params
                      or dependant.header_params or dependant.cookie_params or dependant.body_params))
    if not plain:
        raise TypeError(f"{path}: dependency {dependant.call!r} needs more than the request; the fast path "
                        f"cannot call it")
    return dependant.name, dependant.call, dependant.request_param_name
