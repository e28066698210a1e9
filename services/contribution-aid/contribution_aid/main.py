"""The contribution-aid service: budgets, quotas, allocations, decrees, BPJS invoices and payments."""
from __future__ import annotations

from pathlib import Path

from contribution_aid.accountability.views import router as accountability_router
from contribution_aid.acts import ACTS
from contribution_aid.allocations.views import router as allocations_router
from contribution_aid.budgets.views import router as budgets_router
from contribution_aid.consumers import HANDLERS
from contribution_aid.decrees.views import router as decrees_router
from contribution_aid.documents.models import DocumentRecord
from contribution_aid.endings.views import router as endings_router
from contribution_aid.invoices.imports import INVOICE_FILE_MAX_BYTES
from contribution_aid.invoices.listing import router as invoice_lists_router
from contribution_aid.invoices.views import router as invoices_router
from contribution_aid.jobs import job_runner
from contribution_aid.palm_oil.views import router as palm_oil_router
from contribution_aid.participants.directory import ParticipantDirectory
from contribution_aid.settings import get_settings
from contribution_aid.vocabularies import vocabularies
from shared.app import Runtime, ServiceSpec, create_app
from shared.approvals.views import approvals_router
from shared.auth import require_any
from shared.documents.views import documents_router
from shared.events import topic_for
from shared.service import Subscription
from shared.vocabularies import vocabulary_router

# Size caps (OWASP API4): a large BPJS invoice file (CSV, ~50 bytes a line) is streamed to disk and
# imported by the worker; a JSON invoice is parsed in the request, so it stays small. Others: the default.
INVOICE_JSON_MAX_BYTES = 4 * 1024 * 1024


def routers():
    return [budgets_router, allocations_router, decrees_router, invoices_router, invoice_lists_router,
            accountability_router, palm_oil_router, endings_router, approvals_router(ACTS, "aid:read"),
            vocabulary_router(vocabularies, require_any("aid:read", "aid:write", "aid:treasurer")),
            documents_router(DocumentRecord, "aid:read")]


def on_startup(runtime: Runtime) -> None:
    # one HTTP client to the registry for invoices billed per NIK (tests swap in an in-process one)
    runtime.extras["directory"] = ParticipantDirectory.from_settings(runtime.settings)


async def on_shutdown(runtime: Runtime) -> None:
    await runtime.extras["directory"].aclose()


def loops(runtime: Runtime):
    """The worker runs the large invoice imports (shared/jobs), never the API."""
    return [job_runner(runtime).loop]


def subscriptions(runtime: Runtime):
    return [Subscription("intake", [topic_for("registry"), topic_for("eligibility")], HANDLERS)]


SPEC = ServiceSpec(
    name="contribution_aid",
    title="Lindung contribution-aid",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
    body_limits={"/v1/invoices/csv": INVOICE_FILE_MAX_BYTES, "/v1/invoices": INVOICE_JSON_MAX_BYTES},
    loops=loops,
    on_startup=on_startup,
    on_shutdown=on_shutdown,
)


def app():
    return create_app(SPEC)
