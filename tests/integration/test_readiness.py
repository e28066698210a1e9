"""/readyz answers 503 when the database or the broker cannot be reached."""
from __future__ import annotations

import httpx

from registry.main import SPEC
from shared.app import create_app
from shared.devstack import free_port


async def _ready_status(settings) -> tuple[int, dict]:
    app = create_app(SPEC, settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://r") as client:
            response = await client.get("/readyz")
            return response.status_code, response.json()


async def test_readyz_is_503_without_broker(infra):
    settings = SPEC.settings_factory().model_copy(update={"kafka_bootstrap": f"127.0.0.1:{free_port()}"})
    status, body = await _ready_status(settings)
    assert status == 503 and body["checks"] == {"database": True, "broker": False}


async def test_readyz_is_503_without_database(infra):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"
    status, body = await _ready_status(SPEC.settings_factory().model_copy(update={"database_url": url}))
    assert status == 503 and body["checks"] == {"database": False, "broker": True}
