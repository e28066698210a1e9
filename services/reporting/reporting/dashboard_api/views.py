import datetime as dt
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.staticfiles import StaticFiles

from reporting.dashboard_api import service
from reporting.dashboard_api.schemas import DashboardData, DashboardRegencies
from reporting.regencies import allowed
from shared.app import runtime_of
from shared.auth import Client, require

router = APIRouter(tags=["dashboard"])
PAGE_DIR = Path(__file__).resolve().parent.parent / "dashboard"


@router.get("/dashboard/regencies", response_model=DashboardRegencies, response_model_exclude_unset=True)
async def get_regencies(client: Client = Depends(require("reporting:read"))):
    return service.regencies_for(client)


@router.get("/dashboard/data", response_model=DashboardData, response_model_exclude_unset=True)
async def get_data(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                   period: str | None = Query(default=None, pattern=r"^[0-9A-Z-]{4,7}$", description=(
                       "2026, 2026-H1, 2026-Q3 or 2026-03; default: the year to date")),
                   client: Client = Depends(require("reporting:read"))):
    """One regency's figures for a period, the same figures at the end of the period before it
    (`previous`), the selectable periods, and the obligations (late recaps, overdue reports)."""
    allowed(client, regency_code)
    return await service.dashboard(runtime_of(request).sessions, regency_code, dt.date.today(), period)


def page() -> StaticFiles:
    """The static page (no secrets in it: the user types the API key)."""
    return StaticFiles(directory=PAGE_DIR, html=True)


@asynccontextmanager
async def serve_page(app):
    """Mount the page at /dashboard/. ServiceSpec only mounts routers under /v1, so the page is
    mounted by this router's lifespan, which receives the app (create_app merges it)."""
    if not any(getattr(route, "name", None) == "dashboard-page" for route in app.routes):
        app.mount("/dashboard", page(), name="dashboard-page")
    yield


router.lifespan_context = serve_page
