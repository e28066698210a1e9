"""FastAPI application factory shared by the five services: problems, auth, health, ids."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from shared.audit_views import router as audit_router
from shared.auth import ClientRegistry
from shared.db import make_engine, make_sessionmaker
from shared.http import RequestContextMiddleware
from shared.kafka import broker_reachable
from shared.metrics import metrics_router
from shared.openapi import install_openapi
from shared.problems import OUTAGE_RETRY_AFTER_SECONDS, install_problem_handlers
from shared.regulation import profiles
from shared.settings import ServiceSettings, check_startup
from shared.text_input import refuse_control_characters


@dataclass
class Runtime:
    """What a running service holds: settings, database engine and session factory."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker
    extras: dict = field(default_factory=dict)

    @classmethod
    def create(cls, settings: ServiceSettings, pool_size: int = 10) -> Runtime:
        engine = make_engine(settings.database_url, pool_size=pool_size)
        return cls(settings, engine, make_sessionmaker(engine))


@dataclass
class ServiceSpec:
    name: str
    title: str
    settings_factory: Callable[[], ServiceSettings]
    migrations_dir: Path
    routers: Callable[[], list[APIRouter]]
    # consumer name -> (topics, handlers factory taking the Runtime)
    subscriptions: Callable[[Runtime], list] = lambda runtime: []
    body_limits: dict[str, int] = field(default_factory=dict)
    on_startup: Callable[[Runtime], None] | None = None
    # awaited before the database engine closes (stop work the app started in the background)
    on_shutdown: Callable[[Runtime], Awaitable[None]] | None = None
    # extra long-running loops the worker process runs beside relay and consumers (job runners)
    loops: Callable[[Runtime], list[Callable[[asyncio.Event], Awaitable[None]]]] = lambda runtime: []
    # routers mounted at the root instead of /v1 (the console's OpenID Connect endpoints and pages)
    root_routers: Callable[[], list[APIRouter]] = lambda: []


def create_app(spec: ServiceSpec, settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or spec.settings_factory()
    check_startup(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        profiles()  # every part of every regency validated at start: a defective profile stops the service
        runtime = Runtime.create(settings)
        app.state.runtime = runtime
        app.state.clients = ClientRegistry.from_settings(settings)
        if spec.on_startup:
            spec.on_startup(runtime)
        yield
        if spec.on_shutdown:
            await spec.on_shutdown(runtime)
        await runtime.engine.dispose()

    # root_path: the proxy's path prefix, for the OpenAPI servers and /docs links only; the proxy strips
    # it, so routes, body limits and metrics see the service's own paths
    app = FastAPI(title=spec.title, version="1.0.0", lifespan=lifespan, root_path=settings.root_path,
                  docs_url=None, redoc_url=None, description=API_DESCRIPTION,
                  dependencies=[Depends(refuse_control_characters)])
    install_problem_handlers(app)
    # one pure-ASGI layer for ids, body limits, metrics and the access log (shared/http.py)
    app.add_middleware(RequestContextMiddleware, default_limit=settings.max_body_bytes, limits=spec.body_limits,
                       service=settings.service_name)
    app.include_router(health_router(settings))
    app.include_router(metrics_router())
    app.include_router(audit_router, prefix="/v1")  # every service keeps an audit_log (shared/audit.py)
    for router in spec.routers():
        app.include_router(router, prefix="/v1")
    for router in spec.root_routers():
        app.include_router(router)
    install_openapi(app)
    return app


API_DESCRIPTION = (
    "API Lindung: jaminan sosial ketenagakerjaan kabupaten. Setiap permintaan `/v1` membawa `X-API-Key` "
    "(tombol *Authorize*); kesalahan berupa `application/problem+json` (RFC 9457).\n\n"
    "Lindung's API: the regency's employment social security. Every `/v1` request carries `X-API-Key` "
    "(the *Authorize* button); errors are `application/problem+json` (RFC 9457). Reference: docs/API.md.")


class Health(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{"status": "ok", "service": "registry"}]})
    status: str
    service: str


class Readiness(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={
        "examples": [{"status": "ready", "checks": {"database": True, "broker": True}}]})
    status: str
    checks: dict[str, bool]


def health_router(settings: ServiceSettings) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", response_model=Health,
                description="Proses hidup / The process is alive.")
    async def healthz():
        return {"status": "ok", "service": settings.service_name}

    @router.get("/readyz", response_model=Readiness,
                responses={503: {"model": Readiness, "description": "Belum siap / Not ready"}},
                description="Siap bila basis data dan bus kejadian terjangkau / Ready when database and bus reachable.")
    async def readyz(request: Request):
        checks = {"database": await _database_ok(request.app.state.runtime.engine),
                  "broker": await broker_reachable(settings.kafka_bootstrap)}
        ready = all(checks.values())
        return JSONResponse({"status": "ready" if ready else "unavailable", "checks": checks},
                            status_code=200 if ready else 503,
                            headers=None if ready else {"Retry-After": str(OUTAGE_RETRY_AFTER_SECONDS)})

    return router


async def _database_ok(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means not ready
        return False


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime
