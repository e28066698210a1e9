"""shared/fastpath.py: the plain case skips FastAPI's solving but not a dependency; anything else is
FastAPI's; a dependency the fast path cannot call stops the app at start. Also the auth-failure
counters' shortcut (shared/ratelimit.py) for the usual request."""
from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from starlette.exceptions import HTTPException
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse

from shared.fastpath import FastPathRoute, fast_path
from shared.ratelimit import RateLimits
from tests.fastpath_support import count_dependency_solving

CALLED: list[str] = []


async def app_wide(request: Request) -> None:
    CALLED.append("app")


async def who(request: Request) -> str:
    CALLED.append("who")
    return request.headers.get("x-who", "nobody")


def plain(request: Request) -> dict | None:
    n = request.query_params.get("n", "")
    return {"n": int(n)} if n.isdigit() and len(n) < 3 else None


def _app() -> FastAPI:
    router = APIRouter(route_class=FastPathRoute)

    @router.get("/hot")
    @fast_path(plain)
    async def hot(request: Request, n: int = Query(ge=0, le=99), caller: str = Depends(who)):
        return JSONResponse({"n": n, "caller": caller, "path": request.url.path})

    app = FastAPI(dependencies=[Depends(app_wide)])
    app.include_router(router, prefix="/v1")
    return app


async def _get(app, url):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        return await client.get(url, headers={"x-who": "oss"})


@pytest.fixture
def solved(monkeypatch):
    calls = count_dependency_solving(monkeypatch)
    CALLED.clear()
    return calls


async def test_plain_case_calls_every_dependency_in_order_without_solving(solved):
    response = await _get(_app(), "/v1/hot?n=7")
    assert response.json() == {"n": 7, "caller": "oss", "path": "/v1/hot"}
    assert (solved, CALLED) == ([], ["app", "who"])


@pytest.mark.parametrize("query, status", [("n=100", 422), ("n=x", 422), ("", 422), ("n=007", 200)])
async def test_anything_else_is_answered_by_fastapi(solved, query, status):
    response = await _get(_app(), f"/v1/hot?{query}")
    assert (response.status_code, len(solved)) == (status, 1)


def test_a_dependency_needing_more_than_the_request_refuses_to_start():
    async def needs_query(token: str = Query()) -> str:
        return token

    router = APIRouter(route_class=FastPathRoute)
    with pytest.raises(TypeError, match="needs more than the request"):
        @router.get("/hot")
        @fast_path(plain)
        async def hot(n: int, caller: str = Depends(needs_query)):
            return {}


def _request(key: str) -> StarletteRequest:
    return StarletteRequest({"type": "http", "method": "GET", "path": "/", "headers": [(b"x-api-key", key.encode())],
                             "client": ("10.0.0.1", 1), "query_string": b""})


def test_auth_counters_are_read_only_after_a_recent_failure(monkeypatch):
    limits = RateLimits("2/minute", "10/minute", "10/minute")
    tested = []
    real_test = limits._limiter.test
    monkeypatch.setattr(limits._limiter, "test", lambda *a: tested.append(a) or real_test(*a))
    limits.before_authentication(_request("good"))
    assert tested == []  # nobody failed lately: nothing can be spent
    for _ in range(2):
        limits.authentication_failed(_request("bad"))
    with pytest.raises(HTTPException) as refused:
        limits.before_authentication(_request("bad"))
    assert refused.value.status_code == 429 and tested
