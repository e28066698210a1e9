"""docs/API.md §7 construction projects: the 14-working-day deadline after the SPK (weekends,
public holidays and, in Lamandau, joint leave excluded) and the status, through the API; a late
or missed registration reported once per project, at once or by the daily job."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from tests.integration.conftest import ROOT
from tests.integration.registry.helpers import employer_body, events_about

PROJECTS = "/v1/construction-projects"


async def employer(registry, regency="6207") -> str:
    return (await registry.post("/v1/employers", json=employer_body(regency))).json()["id"]


def project(employer_id: str, spk: dt.date, registered: dt.date | None = None, regency="6207") -> dict:
    return {"regency_code": regency, "employer_id": employer_id, "name": "Jalan Desa Bukit Raya",
            "contract_value": 1_250_000_000, "funding_source": "apbd", "spk_date": spk.isoformat(),
            "bpjs_registered_on": registered.isoformat() if registered else None}


@pytest.mark.parametrize("spk,deadline", [
    (dt.date(2025, 8, 8), dt.date(2025, 8, 29)),    # Independence Day on a Sunday, 18 Aug cuti bersama
    (dt.date(2026, 8, 7), dt.date(2026, 8, 31)),    # 17 Aug 2026 a Monday, 25 Aug the Prophet's Birthday
    (dt.date(2025, 3, 24), dt.date(2025, 4, 23)),   # Eid al-Fitr 2025 with its joint leave, Good Friday
    (dt.date(2025, 12, 17), dt.date(2026, 1, 9)),   # Christmas, 26 Dec joint leave, New Year
])
async def test_deadline_across_holidays_and_status_on_either_side_of_it(infra, api, spk, deadline):
    registry = await api("registry")
    employer_id = await employer(registry)
    on_time = await registry.post(PROJECTS, json=project(employer_id, spk, deadline))
    assert on_time.status_code == 201, on_time.text
    assert (on_time.json()["registration_deadline"], on_time.json()["registration_status"]) == (
        deadline.isoformat(), "on_time")
    late = (await registry.post(PROJECTS, json=project(employer_id, spk, deadline + dt.timedelta(days=1)))).json()
    assert (late["registration_deadline"], late["registration_status"]) == (deadline.isoformat(), "late")
    overdue = events_about(infra, "ConstructionRegistrationOverdue", "project_id", late["id"])
    assert [(o["registered_on"], o["citation"]) for o in overdue] == [
        ((deadline + dt.timedelta(days=1)).isoformat(), "Perbup Lamandau No. 25/2024 Pasal 6 ayat (6) huruf c")]
    assert events_about(infra, "ConstructionRegistrationOverdue", "project_id", on_time.json()["id"]) == []


async def test_pending_project_registered_later_is_on_time(infra, api):
    registry = await api("registry")
    today = dt.date.today()
    created = (await registry.post(PROJECTS, json=project(await employer(registry), today))).json()
    assert created["registration_status"] == "pending" and created["registration_deadline"] > today.isoformat()
    registered = await registry.post(
        f"{PROJECTS}/{created['id']}/registration", json={"registered_on": today.isoformat()}
    )
    assert registered.status_code == 200 and registered.json()["registration_status"] == "on_time"
    announced = events_about(infra, "ConstructionProjectRegistered", "project_id", created["id"])
    assert [(a["registration_status"], a["bpjs_registered_on"]) for a in announced] == [
        ("pending", None), ("on_time", today.isoformat())]
    other_date = await registry.post(f"{PROJECTS}/{created['id']}/registration",
                                     json={"registered_on": (today - dt.timedelta(days=1)).isoformat()})
    assert other_date.status_code == 409


async def test_missed_registration_is_reported_once_even_when_it_comes_late(infra, api):
    registry = await api("registry")
    created = (await registry.post(PROJECTS, json=project(await employer(registry), dt.date(2026, 1, 5)))).json()
    assert created["registration_status"] == "late" and created["days_late"] > 0
    await registry.post(f"{PROJECTS}/{created['id']}/registration", json={"registered_on": "2026-03-02"})
    overdue = events_about(infra, "ConstructionRegistrationOverdue", "project_id", created["id"])
    assert [o["registered_on"] for o in overdue] == [None]
    assert (await registry.get(f"{PROJECTS}/{created['id']}")).json()["bpjs_registered_on"] == "2026-03-02"


async def test_daily_job_reports_newly_overdue_projects_once(infra, api):
    registry = await api("registry")
    created = (await registry.post(PROJECTS, json=project(await employer(registry), dt.date.today()))).json()
    after_deadline = (dt.date.fromisoformat(created["registration_deadline"]) + dt.timedelta(days=1)).isoformat()
    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "registry", "construction-overdue", "--as-of", after_deadline],
                             cwd=ROOT, env={**os.environ, **infra.env}, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    overdue = events_about(infra, "ConstructionRegistrationOverdue", "project_id", created["id"])
    assert [(o["registered_on"], o["registration_deadline"]) for o in overdue] == [
        (None, created["registration_deadline"])]


async def test_bad_projects_are_422(infra, api):
    registry = await api("registry")
    employer_id = await employer(registry)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    for body, field in [(project(employer_id, tomorrow), "spk_date"),
                        ({**project(employer_id, dt.date(2026, 1, 5)), "funding_source": "apbdes"}, "funding_source"),
                        ({**project(employer_id, dt.date(2026, 1, 5)), "contract_value": 0}, "contract_value"),
                        (project(await employer(registry, "6101"), dt.date(2026, 1, 5)), "employer_id")]:
        response = await registry.post(PROJECTS, json=body)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field
