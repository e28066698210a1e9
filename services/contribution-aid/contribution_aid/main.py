"""The contribution-aid service: budgets, quotas, allocations, decrees, BPJS invoices and payments."""
from __future__ import annotations

from pathlib import Path

from shared.app import Runtime, ServiceSpec, create_app
from shared.consumer import record_only
from shared.events import topic_for
from shared.service import Subscription
from contribution_aid.settings import get_settings


def routers():
    return []


def subscriptions(runtime: Runtime):
    recorded = {event_type: record_only for event_type in ["ParticipantRegistered", "MembershipTerminated", "EligibilityDetermined", "TerminationRecommended"]}
    return [Subscription("intake", [topic_for("registry"), topic_for("eligibility")], recorded)]


SPEC = ServiceSpec(
    name="contribution_aid",
    title="Lindung contribution-aid",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
)


def app():
    return create_app(SPEC)
