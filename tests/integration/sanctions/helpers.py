"""Request helpers for the sanctions integration tests."""
from __future__ import annotations

import uuid


def case_body(regency_code: str, employer_id=None, **fields) -> dict:
    body = {"regency_code": regency_code, "employer_id": str(employer_id or uuid.uuid4()),
            "violation": "employer_not_registered", "source": "bpjs_request", "reference": "B/100/2026",
            "evidence": "hasil pemeriksaan kepatuhan"}
    return {**body, **fields}


def known_to_sanctions(infra, employer_id, regency_code: str, kind: str = "non_state", name: str | None = None) -> None:
    """What the sanctions worker records on consuming the registry's EmployerRegistered: the employer
    and its kind (imposing decides on it; an employer it has not heard of yet cannot be sanctioned)."""
    infra.sql("sanctions", "INSERT INTO known_employers (employer_id, regency_code, kind, name) "
                           "VALUES (%s, %s, %s, %s) "
                           "ON CONFLICT (employer_id) DO UPDATE SET kind = excluded.kind, name = excluded.name",
              (str(employer_id), regency_code, kind, name))


async def open_case(client, regency_code: str, employer_id=None, expect: int = 201, **fields) -> dict:
    """Open (or join) a case; the employer is first made known to the sanctions service as the registry
    would (a state body when the case names one) through the client's `infra` (the `sanctions` fixture)."""
    employer_id = employer_id or uuid.uuid4()
    name = fields.pop("employer_name", None)
    if getattr(client, "infra", None) is not None and fields.get("subject_kind") != "worker":
        kind = "state" if fields.get("subject_kind") == "state_employer" else "non_state"
        known_to_sanctions(client.infra, employer_id, regency_code, kind, name)
    response = await client.post("/v1/cases", json=case_body(regency_code, employer_id, **fields))
    assert response.status_code == expect, response.text
    return response.json()


async def post(client, path: str, body: dict, expect: int = 200) -> dict:
    response = await client.post(path, json=body)
    assert response.status_code == expect, response.text
    return response.json()


async def clearance(client, regency_code: str, service: str, **who) -> dict:
    response = await client.get("/v1/clearance", params={"regency_code": regency_code, "service": service, **who})
    assert response.status_code == 200, response.text
    return response.json()
