"""Persons for the two-person control tests: real signed tokens (tests/integration/people.py)."""
from __future__ import annotations

import httpx

from tests.integration.people import bearer, token_for


def person(sub: str, name: str, roles: list[str], regencies: list[str], nip: str | None = None) -> dict:
    return {"sub": sub, "name": name, "roles": roles, "regencies": regencies, "nip": nip}


def maker(regency: str, roles=("petugas",)) -> dict:
    return person(f"petugas-{regency}", "Andi Petugas", list(roles), [regency])


def head(regency: str, n: int = 1) -> dict:
    return person(f"kadis-{regency}-{n}", f"Kepala Dinas {n}", ["kepala_dinas"], [regency], "197501012000031001")


async def as_person(api, infra, service: str, who: dict) -> httpx.AsyncClient:
    """An in-process client of `service` acting as this person (Bearer token, no API key)."""
    client = await api(service, key=None)
    client.headers.update(bearer(token_for(infra, **who)))
    return client


def outbox(infra, service: str, event_type: str) -> list[dict]:
    return [row[0] for row in infra.sql(service, "SELECT envelope->'payload' FROM outbox WHERE event_type = %s "
                                                 "ORDER BY id", (event_type,))]


async def proposed(response: httpx.Response, act: str) -> str:
    assert response.status_code == 202, response.text
    body = response.json()
    assert (body["state"], body["act"]) == ("pending", act)
    return body["approval_id"]


async def decide(client: httpx.AsyncClient, approval_id: str, decision: str = "approve", note: str | None = None,
                 expect: int = 200) -> dict:
    response = await client.post(f"/v1/approvals/{approval_id}/decisions",
                                 json={"decision": decision, **({"note": note} if note is not None else {})})
    assert response.status_code == expect, response.text
    return response.json()
