"""Stopping aid on MembershipTerminated, co-financing shares, one funder per month, earmarks."""
from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import psycopg
import pytest

from contribution_aid.consumers import HANDLERS
from shared.db import make_engine, make_sessionmaker
from shared.events import envelope_for
from shared.events.registry import ParticipantUpdated
from shared.outbox import add_event
from shared.relay import OutboxRelay
from tests.integration.aid.conftest import AID, allocate, evaluated, new_budget, registered, terminated
from tests.integration.conftest import eventually


async def test_termination_releases_the_months_after_the_stop_once(clean, aid, aid_events):
    budget = await new_budget(aid, regency_code="5304", amount=1_000_000)
    person = await aid_events.participant("5304")
    allocation = (await allocate(aid, budget["id"], person)).json()
    assert allocation["amount"] == 201_600
    for _ in range(2):  # a second termination event (another event id) releases nothing more
        await aid_events.terminated(person, "5304", "became_wage_earner", dt.date(2026, 4, 20))
    after = (await aid.get(f"/v1/budgets/{budget['id']}")).json()
    assert (after["committed"], after["available"]) == (4 * 16_800, 1_000_000 - 4 * 16_800)
    released = (await aid.get(f"/v1/allocations/{allocation['id']}")).json()
    assert (released["released_from"], released["released_amount"]) == ("2026-05", 8 * 16_800)
    assert released["paid_months"] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    events = clean.sql(AID, "SELECT envelope->'payload' FROM outbox WHERE event_type = 'AidReleased'")
    assert len(events) == 1
    payload = events[0][0]
    assert (payload["amount_released"], payload["months_released"], payload["from_month"]) == (134_400, 8, "2026-05")
    assert "Perbup TTS No. 20/2025 Pasal 20 ayat (1) huruf b" in payload["citations"]
    assert clean.sql(AID, "SELECT count(*) FROM funded_months WHERE participant_id = %s", (person,)) == [(4,)]
    refused = await allocate(aid, budget["id"], person, months=1, start_month="2026-06")
    assert refused.status_code == 422 and refused.json()["type"].endswith("participant-not-active")


async def test_berau_co_financing_up_to_100_percent_and_no_further(clean, aid, aid_events):
    person = await aid_events.participant("6405")
    apbd = await new_budget(aid, regency_code="6405")
    csr = await new_budget(aid, regency_code="6405", funding_source="csr",
                           payer={"kind": "company", "ref": "PT Berau Coal"})
    other = await new_budget(aid, regency_code="6405", funding_source="other")
    first = await allocate(aid, apbd["id"], person, share_bp=6000)
    assert first.status_code == 201 and first.json()["amount"] == 12 * 10_080
    over = await allocate(aid, csr["id"], person, share_bp=5000)
    assert over.status_code == 409 and over.json()["type"].endswith("share-exceeds-contribution")
    second = await allocate(aid, csr["id"], person, share_bp=4000)
    assert second.status_code == 201 and second.json()["amount"] == 12 * 6_720  # the two add up to 16,800 a month
    full = await allocate(aid, other["id"], person, share_bp=100)
    assert full.status_code == 409 and full.json()["type"].endswith("month-already-funded")
    assert clean.sql(AID, "SELECT min(taken_bp), max(taken_bp), count(*) FROM funded_months") == [(10000, 10000, 12)]


async def test_sambas_refuses_the_same_month_from_provincial_and_regency_budgets(clean, aid, aid_events):
    person = await aid_events.participant("6101")
    province = await new_budget(aid, funding_source="apbd_provinsi", payer={"kind": "province"})
    regency = await new_budget(aid)
    assert (await allocate(aid, province["id"], person, months=3, start_month="2026-06")).status_code == 201
    clash = await allocate(aid, regency["id"], person)
    assert clash.status_code == 409 and clash.json()["type"].endswith("month-already-funded")
    assert clash.json()["refusals"][0]["details"]["months"] == ["2026-06", "2026-07", "2026-08"]
    partial = await allocate(aid, regency["id"], person, months=4, start_month="2026-09", share_bp=5000)
    assert partial.status_code == 422 and partial.json()["type"].endswith("co-financing-not-allowed")
    assert (await allocate(aid, regency["id"], person, months=4, start_month="2026-09")).status_code == 201


def test_the_database_refuses_more_than_one_whole_month(clean):
    pid = uuid.uuid4()
    clean.sql(AID, "INSERT INTO funded_months VALUES (%s, '2026-01', 10000)", (pid,))
    with pytest.raises(psycopg.errors.CheckViolation):
        clean.sql(AID, "UPDATE funded_months SET taken_bp = taken_bp + 1 WHERE participant_id = %s", (pid,))
    with pytest.raises(psycopg.errors.CheckViolation):
        clean.sql(AID, "INSERT INTO budgets (id, regency_code, fiscal_year, funding_source, initial_amount, amount, "
                       "committed, created_by) VALUES (%s, '6101', 2026, 'apbd', 10, 10, 11, 't')", (uuid.uuid4(),))


async def test_earmarks_apbdes_for_desa_residents_only_and_dbh_sawit_for_palm_oil_only(clean, aid, aid_events):
    desa = await new_budget(aid, funding_source="apbdes", payer={"kind": "village", "ref": "6101012001"})
    villager = await aid_events.participant(village_code="6101012001")
    town = await aid_events.participant(village_code="6101011001")  # 1xxx: a kelurahan
    assert (await allocate(aid, desa["id"], villager)).status_code == 201
    refused = await allocate(aid, desa["id"], town)
    assert refused.status_code == 422
    assert refused.json()["refusals"][0]["details"]["rule"] == "village_kind"
    sawit = await new_budget(aid, funding_source="dbh_sawit")
    worker = await aid_events.participant(scheme="palm_oil_worker_aid")
    assert (await allocate(aid, sawit["id"], worker)).json()["scheme"] == "palm_oil_worker_aid"
    response = await aid.post("/v1/budgets", json={"regency_code": "6405", "fiscal_year": 2026,
                                                   "funding_source": "apbdes", "amount": 1_000_000})
    assert response.status_code == 422 and response.json()["type"].endswith("source-not-allowed")
    response = await aid.post("/v1/budgets", json={"regency_code": "6405", "fiscal_year": 2026, "amount": 1_000_000,
                                                   "funding_source": "csr", "payer": {"kind": "agency"}})
    assert response.status_code == 422 and response.json()["refusals"][0]["details"]["rule"] == "payer_kind"


async def test_termination_from_the_registry_topic_releases_through_the_broker(clean, aid, workers):
    """The consumer path end to end: registry and eligibility events relayed from their outboxes
    to the broker, consumed by the aid worker."""
    person = uuid.uuid4()
    budget = await new_budget(aid, regency_code="5304", amount=1_000_000)
    await publish(clean, "registry", registered(person, "5304012001"))
    await publish(clean, "eligibility", evaluated(person, "vulnerable_worker_aid"))
    stop = asyncio.Event()
    relays = [asyncio.create_task(relay(clean, service, stop)) for service in ("registry", "eligibility")]
    await workers(AID)
    try:
        async def allocated():
            response = await allocate(aid, budget["id"], person)
            return response if response.status_code == 201 else None

        await eventually(allocated, timeout=30, interval=0.2)
        await publish(clean, "registry", terminated(person, "deceased", dt.date(2026, 9, 15)))

        async def released():
            body = (await aid.get(f"/v1/budgets/{budget['id']}")).json()
            return body["committed"] == 9 * 16_800

        await eventually(released, timeout=15)
    finally:
        stop.set()
        await asyncio.gather(*relays)
    assert clean.sql(AID, "SELECT status FROM aid_participants WHERE participant_id = %s", (person,)) == [("deceased",)]


async def publish(infra, service: str, payload) -> None:
    """As the producing service would: the event in its outbox (its relay publishes it)."""
    engine = make_engine(infra.db_url(service), pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await add_event(session, payload, regency_code="5304")
    finally:
        await engine.dispose()


async def relay(infra, service: str, stop: asyncio.Event) -> None:
    engine = make_engine(infra.db_url(service), pool_size=1)
    try:
        await OutboxRelay(engine, service=service, bootstrap=infra.broker.bootstrap, partitions=3).run(stop)
    finally:
        await engine.dispose()


async def test_a_corrected_village_reaches_the_earmark_checks_and_a_late_older_correction_does_not(
        clean, aid, aid_events):
    """ParticipantUpdated (PATCH /v1/participants/{id} in the registry) moves a person from a kelurahan to
    the paying desa: the APBDes earmark follows the correction; an older update delivered late is ignored."""
    desa = await new_budget(aid, funding_source="apbdes", payer={"kind": "village", "ref": "6101012001"})
    person = await aid_events.participant(village_code="6101011001")
    refused = await allocate(aid, desa["id"], person)
    assert refused.status_code == 422 and refused.json()["refusals"][0]["details"]["rule"] == "village_kind"

    now = dt.datetime.now(dt.UTC)
    moved = envelope_for(ParticipantUpdated(participant_id=person, changes={"village_code": "6101012001"}),
                         regency_code="6101").model_copy(update={"occurred_at": now})
    stale = envelope_for(ParticipantUpdated(participant_id=person, changes={"village_code": "6101011001",
                                                                            "village_kind": "kelurahan"}),
                         regency_code="6101").model_copy(update={"occurred_at": now - dt.timedelta(minutes=5)})
    async with aid_events.sessions() as session, session.begin():
        await HANDLERS["ParticipantUpdated"](session, moved)
        await HANDLERS["ParticipantUpdated"](session, stale)
    assert (await allocate(aid, desa["id"], person)).status_code == 201
