"""The console: the local OpenID Connect issuer (persons, login, tokens) and its home page."""
from __future__ import annotations

from pathlib import Path

from console.backoffice import (
    bantuan,
    cases,
    construction,
    employers,
    home,
    impor,
    kelayakan,
    laporan,
    pengaduan,
    pengaturan,
    peserta,
)
from console.backoffice.views import router as backoffice_router
from console.keys import KeySet
from console.oauth.clients import load_clients
from console.oauth.views import router as oauth_router
from console.persons.totp import cipher_of
from console.persons.views import router as persons_router
from console.settings import get_settings
from console.web.views import router as web_router
from shared.app import Runtime, ServiceSpec, create_app


def routers():
    return [persons_router]


def on_startup(runtime: Runtime) -> None:
    settings = runtime.settings
    if not settings.signing_keys_file:
        raise SystemExit("LINDUNG_CONSOLE_SIGNING_KEYS_FILE is not set: the issuer has no signing key")
    runtime.extras["keys"] = KeySet.load(settings.signing_keys_file)
    runtime.extras["oauth_clients"] = load_clients(settings)
    runtime.extras["cipher"] = cipher_of(settings)  # seals TOTP secrets; None: TOTP cannot be enrolled


def _body_limits() -> dict[str, int]:
    """The import wizard's upload may be far larger than the default body limit (multipart overhead added)."""
    return {"/impor/unggah": get_settings().upload_max_bytes + 64 * 1024}


SPEC = ServiceSpec(
    name="console",
    title="Lindung console (identity provider)",
    settings_factory=get_settings,
    migrations_dir=Path(__file__).parent / "migrations",
    routers=routers,
    on_startup=on_startup,
    body_limits=_body_limits(),
    root_routers=lambda: [oauth_router, web_router, backoffice_router, home.router, employers.router, cases.router,
                          construction.router, peserta.router, kelayakan.router, bantuan.router, impor.router,
                          laporan.router, pengaturan.router, pengaduan.router],
)


def app():
    """ASGI factory: `uvicorn --factory console.main:app`."""
    return create_app(SPEC)
