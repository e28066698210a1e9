"""The reporting service: read models built from events, coverage, reports, dashboard."""
from __future__ import annotations

from pathlib import Path

from reporting.aid.projections import PLANS as AID_PLANS
from reporting.complaints.projections import PLANS as COMPLAINT_PLANS
from reporting.construction.projections import PLANS as CONSTRUCTION_PLANS
from reporting.coverage.projections import PLANS as COVERAGE_PLANS
from reporting.coverage.views import router as coverage_router
from reporting.dashboard_api.views import router as dashboard_router
from reporting.documents.models import DocumentRecord
from reporting.opendata.views import router as open_data_router
from reporting.periodic.views import router as reports_router
from reporting.projection import batch_handler, live_handlers
from reporting.sanctions.projections import PLANS as SANCTION_PLANS
from reporting.settings import get_settings
from reporting.targets.views import router as targets_router
from reporting.vocabularies import vocabularies
from shared.app import Runtime, ServiceSpec, create_app
from shared.auth import require_any
from shared.documents.views import documents_router
from shared.events import topic_for
from shared.service import Subscription
from shared.vocabularies import vocabulary_router


def routers():
    return [coverage_router, reports_router, dashboard_router, targets_router, open_data_router,
            vocabulary_router(vocabularies, require_any("reporting:read", "reporting:write")),
            documents_router(DocumentRecord, "reporting:read")]


# consumer name -> (producer whose topic it reads, plans per event type); one consumer per
# producer topic, and "coverage" keeps its name (and its committed offsets)
PROJECTIONS = {
    "coverage": ("registry", {**COVERAGE_PLANS, **CONSTRUCTION_PLANS, **COMPLAINT_PLANS}),
    "aid": ("contribution-aid", AID_PLANS),
    "sanctions": ("sanctions", SANCTION_PLANS),
}


def subscriptions(runtime: Runtime | None = None):
    return [Subscription(name, [topic_for(producer)], live_handlers(plans), batch_handler=batch_handler(plans))
            for name, (producer, plans) in PROJECTIONS.items()]


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
