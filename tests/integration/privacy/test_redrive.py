"""Dead letters can be re-applied after a fix (issue 10 item 13): `python -m <service> redrive`
applies each chosen letter once, as the consumer would have, and audits every attempt."""
from __future__ import annotations

import subprocess
import sys
import uuid

import orjson

from shared.events import envelope_for, topic_for
from shared.events.contribution_aid import DecreeIssued
from tests.integration.conftest import ROOT

CONSUMER = "aid-decrees"  # the registry's consumer of contribution-aid's DecreeIssued


def dead_letter(infra, envelope: dict) -> int:
    """What the consumer leaves when a message kept failing: an inbox row and a dead letter."""
    infra.sql("registry", "INSERT INTO inbox (consumer, event_id, event_type, regency_code, outcome) "
                          "VALUES (%s, %s, %s, %s, 'dead_lettered')",
              (CONSUMER, envelope["event_id"], envelope["event_type"], envelope["regency_code"]))
    [(letter_id,)] = infra.sql("registry", "INSERT INTO dead_letters (consumer, event_id, event_type, topic, "
                                           "partition, \"offset\", error, raw) VALUES (%s, %s, %s, %s, 0, 0, "
                                           "'ValueError', %s) RETURNING id",
                               (CONSUMER, envelope["event_id"], envelope["event_type"], topic_for("contribution-aid"),
                                orjson.dumps(envelope).decode()))
    return letter_id


def redrive(infra, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "registry", "redrive", *args, "--by", "operator-test"], cwd=ROOT,
                          env={**infra.env, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_redrive_applies_a_dead_letter_once_and_audits_it(infra):
    decree = DecreeIssued(decree_id=uuid.uuid4(), decree_number="188.45/99/2026", decree_date="2026-03-01",
                          scheme=f"redrive-test-{uuid.uuid4().hex[:8]}", added=[uuid.uuid4()], removed=[], recipients=1)
    good = dead_letter(infra, envelope_for(decree, regency_code="6207").to_json_dict())
    broken = envelope_for(decree, regency_code="6207").to_json_dict()
    broken["payload"] = {"decree_id": "not-a-uuid"}
    bad = dead_letter(infra, broken)

    assert "1 applied, 1 failed again" in redrive(infra, "--dead-letter-id", str(good), str(bad))
    assert infra.sql("registry", "SELECT count(*) FROM aid_decrees WHERE decree_id = %s", (decree.decree_id,)) == [(1,)]
    assert infra.sql("registry", "SELECT outcome FROM inbox WHERE consumer = %s AND event_id = %s",
                     (CONSUMER, broken["event_id"])) == [("dead_lettered",)]
    audit = infra.sql("registry", "SELECT dead_letter_id, outcome, redriven_by FROM dead_letter_redrives "
                                  "WHERE dead_letter_id IN (%s, %s) ORDER BY dead_letter_id", (good, bad))
    assert audit == [(good, "applied", "operator-test"), (bad, "failed", "operator-test")]

    redrive(infra, "--all-for-consumer", CONSUMER)  # the good one is not applied twice
    assert infra.sql("registry", "SELECT count(*) FROM dead_letter_redrives WHERE dead_letter_id = %s AND "
                                 "outcome = 'applied'", (good,)) == [(1,)]
