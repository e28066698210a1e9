"""The sanctions service: compliance cases, the legal ladder, licence clearance for OSS/PTSP."""
from __future__ import annotations

from pathlib import Path

from sanctions.cases.acts import ACTS
from sanctions.cases.registry_check import EmployerDirectory
from sanctions.cases.views import router as cases_router
from sanctions.clearance.oss import router as oss_router
from sanctions.clearance.views import router as clearance_router
from sanctions.consumers import HANDLERS
from sanctions.documents.models import DocumentRecord
from sanctions.licensing.listing import router as licence_lists_router
from sanctions.licensing.views import router as licensing_router
from sanctions.profiles import preload
from sanctions.settings import get_settings
from sanctions.vocabularies import vocabularies
from shared.app import Runtime, ServiceSpec, create_app
from shared.approvals.views import approvals_router
from shared.auth import require_any
from shared.documents.views import documents_router
from shared.events import topic_for
from shared.service import Subscription
from shared.vocabularies import vocabulary_router


def routers():
    readers = require_any("sanctions:read", "sanctions:write", "clearance:read")
    return [cases_router, clearance_router, licensing_router, licence_lists_router, oss_router,
            approvals_router(ACTS, "sanctions:read"), vocabulary_router(vocabularies, readers),
            documents_router(DocumentRecord, "sanctions:read")]


def on_startup(runtime: Runtime) -> None:
    preload()
    # one HTTP client to the registry for employers a new case names (cases/registry_check.py)
    runtime.extras["employers"] = EmployerDirectory.from_settings(runtime.settings)


async def on_shutdown(runtime: Runtime) -> None:
    if "employers" in runtime.extras:
        await runtime.extras["employers"].aclose()


def subscriptions(runtime: Runtime):
    preload()
    return [Subscription("registry-findings", [topic_for("registry")], HANDLERS)]


SPEC = ServiceSpec(
    name="sanctions",
    title="Lindung sanctions",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
    on_startup=on_startup,
    on_shutdown=on_shutdown,
)


def app():
    """ASGI factory: `uvicorn --factory sanctions.main:app`."""
    return create_app(SPEC)
