"""Registry events through the real tansu broker into the sanctions worker (relay + consumer):
findings open and join cases, the NIB map feeds clearance, a registration lifts a sanction; and
the sanctions events leave through the outbox."""
from __future__ import annotations

import datetime as dt
import uuid

import orjson
from aiokafka import AIOKafkaProducer

from shared.events import envelope_for, key_of, topic_for
from shared.events.contracts import (
    ComplianceGapDetected,
    ComplianceRestored,
    ConstructionRegistrationOverdue,
    EmployerRegistered,
)
from tests.integration.conftest import eventually
from tests.integration.sanctions.helpers import clearance, post

SAMBAS, TTS, LAMANDAU = "6101", "5304", "6207"


async def publish(infra, regency_code: str, *payloads, occurred_at: dt.datetime | None = None) -> list:
    """Registry events as the registry's relay would publish them; their envelopes."""
    producer = AIOKafkaProducer(bootstrap_servers=infra.broker.bootstrap, acks="all")
    await producer.start()
    envelopes = []
    try:
        for payload in payloads:
            envelope = envelope_for(payload, regency_code=regency_code)
            if occurred_at:
                envelope = envelope.model_copy(update={"occurred_at": occurred_at})
            await producer.send_and_wait(topic_for("registry"), key=key_of(payload).encode(),
                                         value=orjson.dumps(envelope.to_json_dict()))
            envelopes.append(envelope)
    finally:
        await producer.stop()
    return envelopes


def consumed(infra, envelope) -> bool:
    return bool(infra.sql("sanctions", "SELECT 1 FROM inbox WHERE event_id = %s", (envelope.event_id,)))


def cases_of(infra, employer_id) -> list[tuple]:
    return infra.sql("sanctions", "SELECT id, violation, state, jsonb_array_length(data->'evidence') FROM cases "
                                  "WHERE employer_id = %s ORDER BY opened_on", (employer_id,))


def gap(employer_id, nib: str) -> ComplianceGapDetected:
    return ComplianceGapDetected(employer_id=employer_id, nib=nib, workers=12,
                                 violation="employer_not_registered_with_workers", citation="Pasal 7(2)")


async def test_gap_opens_a_case_a_second_gap_joins_it_and_registration_lifts_the_sanction(
        infra, sanctions, workers):
    employer, nib = uuid.uuid4(), f"91{uuid.uuid4().int % 10**11:011d}"
    await workers("sanctions")
    await publish(infra, SAMBAS, EmployerRegistered(employer_id=employer, nib=nib, kind="non_state",
                                                    business_scale="small", sector="general"), gap(employer, nib))
    (case_id, violation, state, findings), = await eventually(lambda: cases_of(infra, employer), timeout=30)
    assert (violation, state, findings) == ("employer_not_registered", "open", 1)

    repeated, = await publish(infra, SAMBAS, gap(employer, nib))  # the same finding again: nothing new
    await eventually(lambda: consumed(infra, repeated), timeout=15)
    assert cases_of(infra, employer)[0][3] == 1
    await publish(infra, SAMBAS, gap(employer, nib), occurred_at=dt.datetime(2026, 9, 30, tzinfo=dt.UTC))
    await eventually(lambda: cases_of(infra, employer)[0][3] == 2, timeout=15)  # found again another day: joins
    assert len(cases_of(infra, employer)) == 1

    await post(sanctions, f"/v1/cases/{case_id}/evidence", {"kind": "bpjs_request", "reference": "B/3/2026",
                                                            "date": "2026-10-01"})
    await post(sanctions, f"/v1/cases/{case_id}/decisions", {"decision": "impose", "decree_number": "800/1/2026",
                                                             "services": ["business_license"], "date": "2026-10-02"})
    await post(sanctions, f"/v1/cases/{case_id}/evidence", {"kind": "fine_paid", "reference": "NTPN-7",
                                                            "date": "2026-10-05"})
    denied = await clearance(sanctions, SAMBAS, "business_license", nib=nib)
    assert (denied["allowed"], denied["employer_id"]) == (False, str(employer))

    await publish(infra, SAMBAS, ComplianceRestored(employer_id=employer, bpjs_registration_number="BPJS-77",
                                                    workers=12, registered_on=dt.date(2026, 10, 6)))
    await eventually(lambda: cases_of(infra, employer)[0][2] == "lifted", timeout=15)
    assert (await clearance(sanctions, SAMBAS, "business_license", nib=nib))["allowed"] is True
    history = infra.sql("sanctions", "SELECT actor, outcome FROM case_history WHERE case_id = %s ORDER BY id",
                        (case_id,))
    assert history[-1][0].startswith("event:ComplianceRestored:") and history[-1][1] == "lifted"

    def published():
        rows = infra.sql("sanctions", "SELECT event_type, published_at IS NOT NULL FROM outbox "
                                      "WHERE envelope->'payload'->>'case_id' = %s ORDER BY id", (str(case_id),))
        return [r[0] for r in rows] if all(r[1] for r in rows) else None

    assert await eventually(published, timeout=15) == [
        "CaseOpened", "ComplianceFindingJoined", "ComplianceFindingJoined", "SanctionRequested", "SanctionImposed",
        "ComplianceEvidenceRecorded", "ComplianceEvidenceRecorded", "SanctionLifted"]


async def test_construction_overdue_is_a_case_where_the_regency_sanctions_it(infra, workers):
    tts_employer, lamandau_employer = uuid.uuid4(), uuid.uuid4()
    await workers("sanctions")

    def overdue(employer_id):
        return ConstructionRegistrationOverdue(project_id=uuid.uuid4(), employer_id=employer_id,
                                               spk_date=dt.date(2026, 9, 1), registration_deadline=dt.date(2026, 9, 21),
                                               citation="Pasal 7(3)")

    await publish(infra, LAMANDAU, overdue(lamandau_employer))
    await publish(infra, TTS, overdue(tts_employer))
    (_, violation, state, _), = await eventually(lambda: cases_of(infra, tts_employer), timeout=30)
    assert (violation, state) == ("construction_not_registered", "open")
    assert cases_of(infra, lamandau_employer) == []  # Lamandau Pasal 30(1) does not sanction it
