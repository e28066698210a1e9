"""The registry service: participants, employers, construction projects, memberships, BPJS exchange."""
from __future__ import annotations

from pathlib import Path

from shared.app import Runtime, ServiceSpec, create_app
from registry.participants.views import router as participants_router
from registry.protection import Vault
from registry.settings import get_settings


def routers():
    return [participants_router]


def on_startup(runtime: Runtime) -> None:
    runtime.extras["vault"] = Vault(runtime.settings)


def subscriptions(runtime: Runtime):
    return []


SPEC = ServiceSpec(
    name="registry",
    title="Lindung registry",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    subscriptions=subscriptions,
    on_startup=on_startup,
)


def app():
    """ASGI factory: `uvicorn --factory registry.main:app`."""
    return create_app(SPEC)
