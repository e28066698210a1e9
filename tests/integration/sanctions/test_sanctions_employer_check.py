"""A case naming an employer the sanctions service has not heard of asks the registry (real
processes: registry API and sanctions API, the sanctions service with its own registry key):
an employer the registry does not have is refused at opening (422 naming employer_id, Indonesian
and English); one of another regency is refused; a registered one opens a case whose subject is
confirmed at once; an unreachable registry falls back to the unconfirmed subject, recorded on the
case's history."""
from __future__ import annotations

import uuid

import httpx

from shared.devstack import free_port
from tests.integration.conftest import ADMIN_KEY, CLIENT_KEYS
from tests.integration.registry.helpers import employer_body
from tests.integration.sanctions.helpers import case_body

HEADERS = {"X-API-Key": ADMIN_KEY}


def _start(processes, registry_url: str | None) -> httpx.Client:
    env = {"LINDUNG_SANCTIONS_REGISTRY_API_KEY": CLIENT_KEYS["sanctions-service"]}
    if registry_url:
        env["LINDUNG_SANCTIONS_REGISTRY_URL"] = registry_url
    processes.start("sanctions", "api", extra_env=env)
    processes.wait_ready("sanctions")
    return httpx.Client(base_url=processes.base_url("sanctions"), headers=HEADERS, timeout=30)


def test_case_opening_asks_the_registry(clean, processes):
    processes.start("registry", "api")
    processes.wait_ready("registry")
    with httpx.Client(base_url=processes.base_url("registry"), headers=HEADERS, timeout=30) as registry:
        created = registry.post("/v1/employers", json=employer_body("6207"))
        assert created.status_code == 201, created.text
        employer_id = created.json()["id"]
    with _start(processes, None) as sanctions:
        missing = sanctions.post("/v1/cases", json=case_body("6207", uuid.uuid4()))
        assert missing.status_code == 422, missing.text
        problem = missing.json()
        assert missing.headers["content-type"].startswith("application/problem+json")
        [error] = [e for e in problem["errors"] if e["field"] == "employer_id"]
        assert "tidak terdaftar di registri" in error["message"] and "registry has no such employer" in error["message"]

        elsewhere = sanctions.post("/v1/cases", json=case_body("6101", employer_id))
        assert elsewhere.status_code == 422, elsewhere.text
        assert "another regency" in elsewhere.text

        opened = sanctions.post("/v1/cases", json=case_body("6207", employer_id))
        assert opened.status_code == 201, opened.text
    assert clean.sql("sanctions", "SELECT count(*) FROM cases") == [(1,)]
    # the registry's answer is kept: the subject is confirmed from the start (kind known)
    assert clean.sql("sanctions", "SELECT regency_code, kind FROM known_employers WHERE employer_id = %s",
                     (employer_id,)) == [("6207", "non_state")]
    assert clean.sql("sanctions", "SELECT subject_kind FROM cases") == [("employer",)]


def test_unreachable_registry_opens_the_case_unconfirmed_and_says_why(clean, processes):
    dead = f"http://127.0.0.1:{free_port()}"
    employer_id = uuid.uuid4()
    with _start(processes, dead) as sanctions:
        opened = sanctions.post("/v1/cases", json=case_body("6207", employer_id))
        assert opened.status_code == 201, opened.text
    rows = clean.sql("sanctions", "SELECT action, outcome, decision FROM case_history WHERE action = 'employer_check'")
    assert [(a, o) for a, o, _ in rows] == [("employer_check", "registry_unreachable")]
    assert rows[0][2]["subject_confirmed"] is False and "not reached" in rows[0][2]["reason"]
    assert clean.sql("sanctions", "SELECT kind FROM known_employers WHERE employer_id = %s",
                     (str(employer_id),)) == [(None,)]
