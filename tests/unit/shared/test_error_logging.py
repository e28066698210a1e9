"""An unexpected error is logged by class, SQL statement and place, never with the statement's
parameters or the error message (which quote personal data)."""
from __future__ import annotations

import httpx
import pytest
import sqlalchemy.exc
from fastapi import FastAPI

from shared.logging import configure_logging
from shared.problems import install_problem_handlers
from tests.conftest import LOG_DIR, personal_data_in_logs
from tests.factories import participant_body

PERSON = participant_body()


def _failing_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/boom")
    async def boom():
        raise sqlalchemy.exc.DataError("INSERT INTO participants (full_name, birth_date) VALUES (%(n)s, %(b)s)",
                                       {"n": PERSON["full_name"], "b": PERSON["birth_date"]},
                                       ValueError(f"cannot store {PERSON['full_name']!r}"))

    return app


@pytest.mark.asyncio
async def test_unhandled_database_error_is_logged_without_its_parameters(tmp_path):
    configure_logging("unit", also_to_file=str(tmp_path / "errors.log"))
    try:
        transport = httpx.ASGITransport(app=_failing_app(), raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/boom")
    finally:
        configure_logging("tests", also_to_file=str(LOG_DIR / "in-process.log"))
    assert response.status_code == 500
    text = (tmp_path / "errors.log").read_text()
    assert "unhandled_error" in text and "DataError" in text and "INSERT INTO participants" in text
    assert personal_data_in_logs(tmp_path) == []


def test_log_scan_finds_names_and_birth_dates(tmp_path):
    (tmp_path / "x.log").write_text(f'{{"event": "e", "detail": "{PERSON["full_name"]} 1985-03-12"}}\n')
    found = {what for _, what in personal_data_in_logs(tmp_path)}
    assert {PERSON["full_name"], "1985-03-12"} <= found
