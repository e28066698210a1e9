"""The registry service: participants, employers, construction projects, memberships, BPJS exchange."""
from __future__ import annotations

from pathlib import Path

from registry.bpjs.views import SYNC_PATH
from registry.bpjs.views import router as bpjs_router
from registry.candidates.views import router as candidates_router
from registry.complaints.corrections import ACTS as CORRECTION_ACTS
from registry.complaints.corrections import bind_vault
from registry.complaints.findings import handlers as complaint_findings
from registry.complaints.views import router as complaints_router
from registry.construction.views import router as construction_router
from registry.consumers import AID_HANDLERS
from registry.dci.views import router as dci_router
from registry.employers.views import router as employers_router
from registry.jobs import job_runner
from registry.lists.candidates import router as candidate_lists_router
from registry.lists.memberships import router as membership_lists_router
from registry.lists.views import router as lists_router
from registry.memberships.views import router as memberships_router
from registry.oss.views import router as oss_router
from registry.participants.views import router as participants_router
from registry.protection import Vault
from registry.settings import get_settings
from registry.vocabularies import vocabularies
from shared.app import Runtime, ServiceSpec, create_app
from shared.approvals.views import approvals_router
from shared.auth import require_any
from shared.events import topic_for
from shared.service import Subscription
from shared.vocabularies import vocabulary_router

VOCABULARY_READERS = require_any("registry:read", "registry:write", "oss:feed", "bpjs:exchange")


def routers():
    return [participants_router, memberships_router, employers_router, construction_router, bpjs_router,
            candidates_router, lists_router, candidate_lists_router, membership_lists_router, oss_router, dci_router,
            complaints_router, approvals_router(CORRECTION_ACTS, "registry:read"),
            vocabulary_router(vocabularies, VOCABULARY_READERS)]


def on_startup(runtime: Runtime) -> None:
    runtime.extras["vault"] = Vault(runtime.settings)
    bind_vault(runtime.extras["vault"])  # an approved correction applies its sealed values


async def on_shutdown(runtime: Runtime) -> None:
    for task in list(runtime.extras.get("dci_callbacks", ())):  # DCI on-search callbacks still in flight
        task.cancel()


def loops(runtime: Runtime):
    """The worker runs the bulk jobs (BPJS syncs, candidate imports), never the API."""
    return [job_runner(runtime).loop]


def subscriptions(runtime: Runtime):
    """Aid decrees (recipient lists), the findings that open automatic complaints, and the terminations
    re-verification recommended (a participant may contest them)."""
    return [Subscription("aid-decrees", [topic_for("contribution-aid")], AID_HANDLERS),
            Subscription("complaint-findings", [topic_for("contribution-aid"), topic_for("sanctions"),
                                                topic_for("eligibility")], complaint_findings(Vault(runtime.settings)))]


RESOLVE_MAX_BYTES = 1024 * 1024  # 20,000 NIKs are ~400 KB of JSON


def _bulk_limits() -> dict[str, int]:
    """Bulk uploads may be far larger than the default body limit (a million-row sync); a NIK
    resolution carries up to 200,000 NIKs (~4 MB of JSON)."""
    limit = get_settings().bulk_max_bytes
    return {"/v1" + SYNC_PATH + "/{batch_id}": limit, "/v1/candidate-imports": limit,
            "/v1/participants/resolve": RESOLVE_MAX_BYTES}


SPEC = ServiceSpec(
    name="registry",
    title="Lindung registry",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
    body_limits=_bulk_limits(),
    on_startup=on_startup,
    loops=loops,
    on_shutdown=on_shutdown,
)


def app():
    """ASGI factory: `uvicorn --factory registry.main:app`."""
    return create_app(SPEC)
