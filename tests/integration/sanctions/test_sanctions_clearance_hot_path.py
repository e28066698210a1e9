"""The clearance hot path (issue 18 goal 1) answers exactly as before: lookups that arrive together share
one statement, and OSS's plain call skips FastAPI's dependency solving without changing an answer."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.fastpath_support import count_dependency_solving
from tests.integration.sanctions.helpers import clearance, known_to_sanctions, open_case, post

LAMANDAU, SAMBAS = "6207", "6101"


async def _sanctioned(sanctions, regency_code: str, nib: str) -> uuid.UUID:
    """An employer known by its NIB and under a sanction denying the business licence."""
    employer = uuid.uuid4()
    case = await open_case(sanctions, regency_code, employer, date="2026-11-01")
    sanctions.infra.sql("sanctions", "UPDATE known_employers SET nib = %s WHERE employer_id = %s", (nib, str(employer)))
    imposed = await post(sanctions, f"/v1/cases/{case['id']}/decisions",
                         {"decision": "impose", "decree_number": "800/5/2026", "services": ["business_license"],
                          "date": "2026-11-02"})
    assert imposed["state"] == "imposed", imposed
    return employer


@pytest.fixture
def statements(sanctions, monkeypatch):
    """Counts the reader's round trips to PostgreSQL."""
    reader = sanctions._transport.app.state.runtime.extras["clearance_reader"]
    sent = []
    fetch = reader._fetch

    async def counted(statement, params):
        sent.append(params)
        return await fetch(statement, params)

    monkeypatch.setattr(reader, "_fetch", counted)
    return sent


async def test_lookups_arriving_together_share_one_statement_and_answer_as_alone(sanctions, statements):
    sanctioned = await _sanctioned(sanctions, SAMBAS, "9120000000777")
    known = uuid.uuid4()
    known_to_sanctions(sanctions.infra, known, SAMBAS)
    asks = [{"employer_id": str(sanctioned)}, {"nib": "9120000000777"}, {"employer_id": str(known)},
            {"employer_id": str(uuid.uuid4())}, {"nib": "9120000000000"}, {"employer_id": str(sanctioned), "nib": "x"}]
    asks = [(regency, who) for who in asks for regency in (SAMBAS, LAMANDAU)]

    alone = [await clearance(sanctions, regency, "business_license", **who) for regency, who in asks]
    assert len(statements) == len(asks)
    statements.clear()
    together = await asyncio.gather(*(clearance(sanctions, regency, "business_license", **who)
                                      for regency, who in asks))

    assert together == alone
    assert len(statements) < len(asks) / 2, "lookups arriving together were not batched"
    assert [a["allowed"] for a in alone[:4]] == [False, True, False, True]  # Lamandau knows none of them
    assert alone[0]["active_sanctions"] == alone[2]["active_sanctions"] != []
    assert alone[2]["employer_id"] == str(sanctioned) and alone[10]["nib"] == "x"


@pytest.fixture
def solved(monkeypatch):
    """Counts FastAPI's dependency solving."""
    return count_dependency_solving(monkeypatch)


async def test_the_plain_call_skips_dependency_solving_and_answers_the_same(sanctions, solved):
    employer = await _sanctioned(sanctions, SAMBAS, "9120000000888")
    plain = {"regency_code": SAMBAS, "service": "business_license", "employer_id": str(employer), "permit_year": "2"}
    solved.clear()  # the setup's own requests
    fast = await sanctions.get("/v1/clearance", params=plain)
    assert (fast.status_code, solved) == (200, [])
    # the same question with a parameter given twice is not the plain case: FastAPI answers it
    standard = await sanctions.get("/v1/clearance", params=[*plain.items(), ("service", "business_license")])
    assert (standard.status_code, len(solved)) == (200, 1)
    assert fast.json() == standard.json() and fast.json()["allowed"] is False


@pytest.mark.parametrize("query, status, field", [
    ("regency_code=6101&service=business_license&employer_id=not-a-uuid", 422, "employer_id"),
    ("regency_code=6101&service=business_license&nib=", 422, "nib"),
    ("regency_code=6101&service=business_license&nib=123456789012345678901", 422, "nib"),
    ("regency_code=6101&service=business_license&nib=1&permit_year=0", 422, "permit_year"),
    ("regency_code=6101&service=business_license&nib=1&permit_year=2.5", 422, "permit_year"),
    ("regency_code=61011&service=business_license&nib=1", 422, "regency_code"),
    ("regency_code=6101&service=fishing&nib=1", 422, "service"),
    ("regency_code=6101&service=business_license", 422, "employer_id"),
    ("regency_code=6101&service=business_license&nib=1&note=%01", 422, "note"),
    ("regency_code=9999&service=business_license&nib=1", 404, None),
])
async def test_unusual_calls_answer_as_fastapi_does(sanctions, query, status, field):
    response = await sanctions.get(f"/v1/clearance?{query}")
    assert response.status_code == status, response.text
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]


async def test_the_plain_call_still_authenticates(api, sanctions):
    query = {"regency_code": SAMBAS, "service": "business_license", "nib": "1"}
    assert (await (await api("sanctions", key=None)).get("/v1/clearance", params=query)).status_code == 401
    assert (await (await api("sanctions", key="not-a-key")).get("/v1/clearance", params=query)).status_code == 401
