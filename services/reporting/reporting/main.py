"""The reporting service: read models built from events, coverage, reports, dashboard."""
from __future__ import annotations

from pathlib import Path

from shared.app import Runtime, ServiceSpec, create_app
from shared.events import topic_for
from shared.service import Subscription
from reporting.coverage.projections import HANDLERS as COVERAGE_HANDLERS
from reporting.coverage.views import router as coverage_router
from reporting.settings import get_settings


def routers():
    return [coverage_router]


def subscriptions(runtime: Runtime):
    return [Subscription("coverage", [topic_for("registry")], COVERAGE_HANDLERS)]


SPEC = ServiceSpec(
    name="reporting",
    title="Lindung reporting",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
)


def app():
    return create_app(SPEC)
