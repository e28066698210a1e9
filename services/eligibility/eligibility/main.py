"""The eligibility service: regulation profiles, rule evaluation, verification and re-verification."""
from __future__ import annotations

from pathlib import Path

from shared.app import Runtime, ServiceSpec, create_app
from shared.consumer import record_only
from shared.events import topic_for
from shared.service import Subscription
from eligibility.settings import get_settings


def routers():
    return []


def subscriptions(runtime: Runtime):
    recorded = {event_type: record_only for event_type in ["ParticipantRegistered", "MembershipStarted", "MembershipTerminated"]}
    return [Subscription("intake", [topic_for("registry")], recorded)]


SPEC = ServiceSpec(
    name="eligibility",
    title="Lindung eligibility",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
)


def app():
    return create_app(SPEC)
