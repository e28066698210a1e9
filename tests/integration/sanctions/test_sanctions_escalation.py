"""The overdue-deadline job: a missed deadline moves a case one rung up the ladder, once; Berau's
written commitment (Pasal 28(3)-(4)) is a case state whose missed deadline escalates."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from sanctions.cases.escalation import escalate_overdue_cases
from sanctions.settings import get_settings
from shared.app import Runtime
from tests.integration.conftest import ROOT
from tests.integration.sanctions.helpers import open_case, post

SAMBAS, BERAU = "6101", "6405"


@pytest.fixture
async def escalate(infra):
    runtime = Runtime.create(get_settings(), pool_size=2)

    async def run(as_of: str) -> dict:
        return await escalate_overdue_cases(runtime.sessions, dt.date.fromisoformat(as_of))

    yield run
    await runtime.engine.dispose()


def day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()


def events_of(infra, case_id: str) -> list[str]:
    return [r[0] for r in infra.sql("sanctions", "SELECT event_type FROM outbox WHERE "
                                                 "envelope->'payload'->>'case_id' = %s ORDER BY id", (case_id,))]


async def test_missed_deadlines_climb_the_national_ladder_once_each(infra, sanctions, escalate):
    case = await open_case(sanctions, SAMBAS, source="system", date="2026-08-03")
    warned = await post(sanctions, f"/v1/cases/{case['id']}/evidence",
                        {"kind": "warning_issued", "reference": "T/1", "date": "2026-08-03"})
    deadline = warned["next_deadline"]
    assert warned["steps"][-1]["citation"] == "PP 86/2013 Pasal 6 ayat (1)"

    await escalate(deadline)  # the deadline day itself is still in time
    assert _state(infra, case) == "warned"
    await escalate(day_after(deadline))
    await escalate(day_after(deadline))  # the same run again changes nothing
    second = (await sanctions.get(f"/v1/cases/{case['id']}")).json()
    assert [s["name"] + ":" + str(s["number"]) for s in second["steps"]] == ["warning:1", "warning:2"]
    assert events_of(infra, case["id"]).count("SanctionEscalated") == 1

    await escalate(day_after(second["next_deadline"]))
    fined = (await sanctions.get(f"/v1/cases/{case['id']}")).json()
    assert fined["state"] == "fined"
    await escalate(day_after(fined["next_deadline"]))
    requested = (await sanctions.get(f"/v1/cases/{case['id']}")).json()
    assert requested["state"] == "sanction_requested" and requested["next_deadline"] is None
    assert events_of(infra, case["id"])[-2:] == ["SanctionEscalated", "SanctionRequested"]


async def test_berau_missed_commitment_escalates_to_a_tmp2t_request(infra, sanctions, escalate):
    case = await open_case(sanctions, BERAU, source="inspector_recommendation", reference="560/2/PK",
                           date="2026-09-01")
    committed = await post(sanctions, f"/v1/cases/{case['id']}/evidence",
                           {"kind": "commitment_signed", "reference": "SP/1", "date": "2026-09-02",
                            "deadline": "2026-09-30"})
    assert (committed["state"], committed["next_deadline"]) == ("commitment", "2026-09-30")
    await escalate("2026-09-30")
    assert _state(infra, case) == "commitment"
    await escalate("2026-10-01")
    assert _state(infra, case) == "sanction_requested"
    view = (await sanctions.get(f"/v1/cases/{case['id']}")).json()
    assert view["history"][-1]["actor"] == "job:escalate-overdue"
    assert view["decisions"][-1]["citations"] == ["Perbup Berau No. 44/2024 Pasal 28 ayat (4)"]

    decision = {"decision": "impose", "decree_number": "500/4/2026", "services": ["business_license"],
                "date": "2026-10-05"}
    refused = await post(sanctions, f"/v1/cases/{case['id']}/decisions", decision, expect=422)
    assert refused["missing"][0]["citation"] == "Perbup Berau No. 44/2024 Pasal 5 ayat (8)"
    await post(sanctions, f"/v1/cases/{case['id']}/evidence",
               {"kind": "bpjs_request", "reference": "B/11/2026", "date": "2026-10-02"})
    assert (await post(sanctions, f"/v1/cases/{case['id']}/decisions", decision))["state"] == "imposed"


async def test_the_job_runs_from_the_command_line(infra, sanctions):
    case = await open_case(sanctions, SAMBAS, source="system", date="2026-07-01")
    await post(sanctions, f"/v1/cases/{case['id']}/evidence",
               {"kind": "warning_issued", "reference": "T/9", "date": "2026-07-01"})
    done = subprocess.run([sys.executable, "-m", "sanctions", "escalate-overdue", "--as-of", "2026-08-01"], cwd=ROOT,
                          env={**infra.env}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["as_of"] == "2026-08-01"
    assert _state(infra, case) == "warned"
    assert infra.sql("sanctions", "SELECT jsonb_array_length(data->'steps') FROM cases WHERE id = %s",
                     (case["id"],)) == [(2,)]  # a second warning


def _state(infra, case: dict) -> str:
    return infra.sql("sanctions", "SELECT state FROM cases WHERE id = %s", (case["id"],))[0][0]
