"""Re-verification end to end: registry events (through the outbox, relay and broker) build the
eligibility service's recipient mirror; POST /v1/reverifications recommends termination with
the TTS Pasal 20(1) reason the events support, once per participant, reason and quarter, and
says what it cannot decide."""
from __future__ import annotations

import argparse
import datetime as dt
import uuid

from eligibility.jobs import reverify
from registry.settings import get_settings as registry_settings
from shared.app import Runtime
from shared.events.registry import MembershipStarted, MembershipTerminated, ParticipantRegistered, ParticipantUpdated
from shared.outbox import add_event
from tests.integration.conftest import CLIENT_KEYS, eventually

AS_OF = "2026-01-15"


def _ids(n: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(n)]


def _registered(pid: uuid.UUID, birth_year: int) -> ParticipantRegistered:
    return ParticipantRegistered(participant_id=pid, worker_type="bpu", category="vulnerable_worker", sex="F",
                                 birth_year=birth_year, village_code="5304012001", registered_on=dt.date(2025, 11, 1))


def _membership(pid: uuid.UUID, funding: str, start: str = "2025-11-01") -> MembershipStarted:
    return MembershipStarted(participant_id=pid, membership_id=uuid.uuid4(), programs=["JKK", "JKM"],
                             start_date=dt.date.fromisoformat(start), funding=funding)


async def _publish_registry_events(events) -> None:
    """As the registry emits them: into its outbox, for its relay to publish."""
    runtime = Runtime.create(registry_settings())
    try:
        async with runtime.sessions() as session, session.begin():
            for event in events:
                await add_event(session, event, regency_code="5304")
    finally:
        await runtime.engine.dispose()


async def test_reverification_recommends_once_per_quarter(clean, api, workers):
    aged_out, straddling, moved, employed, ended, self_funded = _ids(6)
    ended_membership = _membership(ended, "aid")
    events = [
        _registered(aged_out, 1959), _membership(aged_out, "aid"),          # 66-67 on 2026-01-15: over 65
        _registered(straddling, 1960), _membership(straddling, "aid"),      # 65 or 66: undetermined
        _registered(moved, 1980), _membership(moved, "aid"),
        ParticipantUpdated(participant_id=moved, changes={"village_code": "5301012001"}),
        _registered(employed, 1980), _membership(employed, "aid"), _membership(employed, "employer", "2026-01-02"),
        _registered(ended, 1950), ended_membership,
        MembershipTerminated(participant_id=ended, membership_ids=[ended_membership.membership_id],
                             reason="deceased", effective_date=dt.date(2025, 12, 31)),
        _registered(self_funded, 1950), _membership(self_funded, "self"),
    ]
    await workers("registry", "eligibility")
    await _publish_registry_events(events)
    await eventually(
        lambda: clean.sql("eligibility", "SELECT count(*) FROM recipient_memberships") == [(7,)], timeout=30
    )
    await eventually(lambda: clean.sql("eligibility", "SELECT village_code FROM recipients WHERE participant_id = %s",
                                       (moved,)) == [("5301012001",)], timeout=10)

    eligibility = await api("eligibility")
    response = await eligibility.post("/v1/reverifications", json={"regency_code": "5304", "as_of": AS_OF})
    assert response.status_code == 200, response.text
    run = response.json()
    assert (run["recipients"], run["quarter"], run["without_rules"]) == (4, "2026-Q1", 0)
    recommended = {(r["participant_id"], r["reason"]) for r in run["recommendations"]}
    assert recommended == {(str(aged_out), "no_longer_vulnerable"), (str(moved), "moved_out"),
                           (str(employed), "became_wage_earner")}
    by_reason = {r["reason"]: r["citation"] for r in run["recommendations"]}
    assert by_reason["moved_out"] == "Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf d"
    assert run["undetermined"]["deceased"] == 4 and run["missing_facts"]["birth_date"] == 1
    assert run["emitted"] == 3
    outbox = clean.sql(
        "eligibility", "SELECT envelope->'payload' FROM outbox WHERE event_type = 'TerminationRecommended'"
    )
    assert {(p["participant_id"], p["reason"], p["quarter"]) for (p,) in outbox} == {
        (pid, reason, "2026-Q1") for pid, reason in recommended}

    again = (await eligibility.post("/v1/reverifications", json={"regency_code": "5304", "as_of": "2026-03-31"})).json()
    assert (again["recommended"], again["emitted"]) == (3, 0)
    assert clean.sql("eligibility", "SELECT count(*) FROM outbox WHERE event_type = 'TerminationRecommended'") == [(3,)]
    assert clean.sql("eligibility", "SELECT count(*) FROM reverification_runs") == [(2,)]


async def test_reverification_refusals(clean, api):
    admin, clerk = await api("eligibility"), await api("eligibility", key=CLIENT_KEYS["clerk-6101"])
    unconfigured = await admin.post("/v1/reverifications", json={"regency_code": "6309", "as_of": AS_OF})
    assert unconfigured.status_code == 422 and unconfigured.json()["type"].endswith("not-configured")
    assert (await admin.post("/v1/reverifications", json={"regency_code": "9999"})).status_code == 404
    assert (await clerk.post("/v1/reverifications", json={"regency_code": "6101"})).status_code == 403
    empty = (await admin.post("/v1/reverifications", json={"regency_code": "6101", "as_of": AS_OF})).json()
    assert (empty["recipients"], empty["recommendations"]) == (0, [])


async def test_quarterly_job_runs_every_regency_with_rules(clean, eligibility_runtime, capsys):
    await reverify(eligibility_runtime, argparse.Namespace(as_of=AS_OF))
    runs = clean.sql("eligibility", "SELECT regency_code, quarter, requested_by FROM reverification_runs ORDER BY 1")
    assert runs == [
        ("5304", "2026-Q1", "scheduler"),
        ("6101", "2026-Q1", "scheduler"),
        ("6405", "2026-Q1", "scheduler"),
    ]
    assert "6309" in capsys.readouterr().err  # said why it was skipped
