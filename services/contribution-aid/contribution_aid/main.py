"""The contribution-aid service: budgets, quotas, allocations, decrees, BPJS invoices and payments."""
from __future__ import annotations

from pathlib import Path

from contribution_aid.accountability.views import router as accountability_router
from contribution_aid.acts import ACTS
from contribution_aid.allocations.views import router as allocations_router
from contribution_aid.budgets.views import router as budgets_router
from contribution_aid.consumers import HANDLERS
from contribution_aid.decrees.views import router as decrees_router
from contribution_aid.endings.views import router as endings_router
from contribution_aid.invoices.views import router as invoices_router
from contribution_aid.palm_oil.views import router as palm_oil_router
from contribution_aid.participants.directory import ParticipantDirectory
from contribution_aid.settings import get_settings
from shared.app import Runtime, ServiceSpec, create_app
from shared.approvals.views import approvals_router
from shared.events import topic_for
from shared.service import Subscription

# A BPJS invoice of a few hundred thousand lines (CSV, ~50 bytes a line); other bodies keep the default.
INVOICE_MAX_BYTES = 64 * 1024 * 1024


def routers():
    return [budgets_router, allocations_router, decrees_router, invoices_router, accountability_router,
            palm_oil_router, endings_router, approvals_router(ACTS, "aid:read")]


def on_startup(runtime: Runtime) -> None:
    # one HTTP client to the registry for invoices billed per NIK (tests swap in an in-process one)
    runtime.extras["directory"] = ParticipantDirectory.from_settings(runtime.settings)


async def on_shutdown(runtime: Runtime) -> None:
    await runtime.extras["directory"].aclose()


def subscriptions(runtime: Runtime):
    return [Subscription("intake", [topic_for("registry"), topic_for("eligibility")], HANDLERS)]


SPEC = ServiceSpec(
    name="contribution_aid",
    title="Lindung contribution-aid",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
    body_limits={"/v1/invoices": INVOICE_MAX_BYTES},
    on_startup=on_startup,
    on_shutdown=on_shutdown,
)


def app():
    return create_app(SPEC)
