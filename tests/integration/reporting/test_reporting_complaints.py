"""Complaint figures in reporting: Complaint* events from the registry folded into the read model
and counted by category, channel, stage and timeliness in the periodic report data."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from reporting.periodic.assemble import report_data
from reporting.periodic.domain import ReportWindow
from reporting.reports import ComplaintRow
from shared.db import make_engine, make_sessionmaker
from tests.integration.conftest import eventually
from tests.integration.registry.test_registry_complaints import complaint

ROOT = Path(__file__).resolve().parents[3]


async def test_report_counts_complaints_by_category_channel_stage_and_timeliness(clean, api, workers):
    registry = await api("registry")
    late = (await registry.post("/v1/complaints", json=complaint("6207", received_on="2026-06-01"))).json()["id"]
    run = subprocess.run([sys.executable, "-m", "registry", "complaints-overdue", "--as-of", "2026-06-10"],
                         cwd=ROOT, env={**os.environ, **clean.env}, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for step, body in (("assignment", {"assignee": "a", "on": "2026-06-11"}),
                       ("decision", {"decision": "upheld", "reasons": "r", "citation": "Pasal 21(2)",
                                     "on": "2026-06-12"}),
                       ("closure", {"letter_number": "L-9", "sent_on": "2026-06-15"})):
        assert (await registry.post(f"/v1/complaints/{late}/{step}", json=body)).status_code == 200
    on_time = (await registry.post("/v1/complaints", json=complaint("6207", received_on="2026-07-01"))).json()["id"]
    for step, body in (("assignment", {"assignee": "a", "on": "2026-07-02"}),
                       ("decision", {"decision": "rejected", "reasons": "r", "citation": "Pasal 21(2)",
                                     "on": "2026-07-03"}),
                       ("closure", {"letter_number": "L-10", "sent_on": "2026-07-06"})):
        await registry.post(f"/v1/complaints/{on_time}/{step}", json=body)
    today = dt.date.today().isoformat()
    await registry.post("/v1/complaints", json=complaint("6207", channel="phone", category="other", received_on=today))
    await workers("registry", "reporting")

    async def folded():
        rows = clean.sql("reporting", "SELECT count(*) FROM rm_complaints WHERE stage = 'closed'")[0][0]
        return rows == 2 or None
    await eventually(folded, timeout=60)
    engine = make_engine(clean.db_url("reporting"), pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            data = await report_data(session, "6207", ReportWindow(dt.date(2026, 1, 1), dt.date.today()))
    finally:
        await engine.dispose()
    assert sorted(data.complaints, key=lambda r: (r.category, r.channel)) == [
        ComplaintRow("aid_not_received", "counter", "closed", received=2, closed_on_time=1, closed_late=1),
        ComplaintRow("other", "phone", "received", received=1, open_in_time=1),
    ]
