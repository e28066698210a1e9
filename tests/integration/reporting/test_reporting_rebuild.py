"""Read models come only from events: rebuilt from nothing, they equal the live ones."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import uuid

import orjson

from shared.events import registry as reg
from tests.integration.conftest import ROOT, eventually
from tests.integration.reporting.helpers import applied_events, dump_read_models, feed
from tests.integration.reporting.stream import Stream, produce, unique_events


def registered(messages, regency_code: str) -> int:
    return len({orjson.loads(m.value)["payload"]["participant_id"] for m in messages
                if orjson.loads(m.value)["event_type"] == "ParticipantRegistered"
                and orjson.loads(m.value)["regency_code"] == regency_code})


async def answers(reporting, regency_code: str) -> dict:
    coverage = (await reporting.get("/v1/coverage", params={"regency_code": regency_code})).json()
    dashboard = (await reporting.get("/v1/dashboard/data", params={"regency_code": regency_code})).json()
    dashboard.pop("generated_at")
    return {"coverage": coverage, "dashboard": dashboard}


async def test_rebuilt_read_models_equal_the_live_ones(clean, api, workers):
    messages = await feed(clean, workers)
    reporting = await api("reporting")
    live = {code: await answers(reporting, code) for code in ("6101", "6405")}
    live_rows = dump_read_models(clean)
    assert live["6101"]["coverage"]["participants"] == registered(messages, "6101") > 0
    assert live["6405"]["dashboard"]["sanctions"]["totals"]["imposed"] > 0
    assert live_rows["rm_coverage_months"] and live_rows["rm_aid_invoices"]
    pagu = dict(clean.sql("reporting", "SELECT funding_source, amount FROM rm_aid_budgets WHERE regency_code = '6101'"))
    assert pagu["apbd"] - pagu["dbh_sawit"] == 1_008_000, "the amendment wins although it arrived first"
    await _history_matches_coverage_at_month_ends(reporting, live["6101"]["dashboard"]["coverage_history"])

    # the command an operator runs, while the live worker keeps running
    command = await asyncio.create_subprocess_exec(sys.executable, "-m", "reporting", "rebuild", cwd=ROOT,
                                                   env={**os.environ, **clean.env}, stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(command.communicate(), 120)
    assert command.returncode == 0, err.decode()[-2000:]
    result = orjson.loads(next(line for line in out.splitlines() if line.startswith(b'{"messages"')))

    assert result["events_applied"] == unique_events(messages) == applied_events(clean)
    assert dump_read_models(clean) == live_rows
    assert {code: await answers(reporting, code) for code in ("6101", "6405")} == live
    await _live_consumer_still_follows(clean, reporting, live["6101"]["coverage"]["participants"])


async def _live_consumer_still_follows(infra, reporting, before: int) -> None:
    stream = Stream(dt.date.today(), seed=99)
    stream.emit(reg.ParticipantRegistered(participant_id=uuid.uuid4(), worker_type="bpu", category="vulnerable_worker",
                                          sex="F", birth_year=1990, registered_on=dt.date.today()), "6101")
    await produce(infra.broker.bootstrap, stream.messages)

    async def counted():
        body = (await reporting.get("/v1/coverage", params={"regency_code": "6101"})).json()
        return body["participants"] == before + 1

    await eventually(counted, timeout=20)


async def _history_matches_coverage_at_month_ends(reporting, history: list[dict]) -> None:
    assert len(history) >= 6
    for point in history[-4:-1]:
        month = dt.date.fromisoformat(point["month"] + "-01")
        last_day = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        then = (
            await reporting.get("/v1/coverage", params={"regency_code": "6101", "as_of": last_day.isoformat()})
        ).json()
        assert (point["participants"], point["active_memberships"]) == (
            then["participants"],
            then["active_memberships"],
        )
