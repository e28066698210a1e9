"""The eligibility service: regulation profiles, rule evaluation, verification and re-verification."""
from __future__ import annotations

from pathlib import Path

from eligibility.batch.views import router as batch_router
from eligibility.context import prepare
from eligibility.evaluations.listing import router as eligibility_lists_router
from eligibility.evaluations.views import router as evaluations_router
from eligibility.guidance.views import router as guidance_router
from eligibility.recipients.projections import HANDLERS as RECIPIENT_HANDLERS
from eligibility.recipients.views import router as recipients_router
from eligibility.regulations.lookup import router as citations_router
from eligibility.regulations.views import router as regulations_router
from eligibility.settings import get_settings
from eligibility.vocabularies import vocabularies
from shared.app import Runtime, ServiceSpec, create_app
from shared.auth import require_any
from shared.events import topic_for
from shared.service import Subscription
from shared.vocabularies import vocabulary_router


def routers():
    return [evaluations_router, eligibility_lists_router, guidance_router, regulations_router, citations_router,
            batch_router, recipients_router,
            vocabulary_router(vocabularies, require_any("eligibility:evaluate", "eligibility:admin"))]


def subscriptions(runtime: Runtime):
    return [Subscription("intake", [topic_for("registry")], RECIPIENT_HANDLERS)]


def batch_loops(runtime: Runtime):
    """The worker also runs the batch evaluations (the shared job runner, shared/jobs). The
    profiles are read now, at start, not by the first upload (~1 s of YAML on this machine)."""
    from eligibility.batch.runner import job_runner
    from eligibility.context import profiles_of
    profiles_of(runtime)
    return [job_runner(runtime).loop]


SPEC = ServiceSpec(
    name="eligibility",
    title="Lindung eligibility",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
    on_startup=prepare,
    body_limits={"/v1/batch-evaluations": get_settings().batch_max_bytes},
    loops=batch_loops,
)


def app():
    return create_app(SPEC)
