"""The sanctions service: compliance cases, the legal ladder, licence clearance for OSS/PTSP."""
from __future__ import annotations

from pathlib import Path

from shared.app import Runtime, ServiceSpec, create_app
from shared.consumer import record_only
from shared.events import topic_for
from shared.service import Subscription
from sanctions.settings import get_settings


def routers():
    return []


def subscriptions(runtime: Runtime):
    recorded = {event_type: record_only for event_type in ["EmployerRegistered", "ConstructionRegistrationOverdue", "ComplianceGapDetected", "ComplianceRestored", "ContributionPaid"]}
    return [Subscription("intake", [topic_for("registry"), topic_for("contribution-aid")], recorded)]


SPEC = ServiceSpec(
    name="sanctions",
    title="Lindung sanctions",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
)


def app():
    return create_app(SPEC)
