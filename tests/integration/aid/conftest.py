"""Contribution-aid fixtures: the events the service consumes, applied through its own
handlers (the consumer's code path without the broker), and small request helpers."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from contribution_aid.consumers import HANDLERS
from shared.db import make_engine, make_sessionmaker
from shared.events import envelope_for
from shared.events.contracts import (
    EligibilityDetermined,
    MembershipStarted,
    MembershipTerminated,
    ParticipantRegistered,
)

AID = "contribution-aid"


class AidEvents:
    """Feeds registry and eligibility events to the aid service's handlers, one transaction each
    batch, as its consumer would."""

    def __init__(self, sessions):
        self.sessions = sessions

    async def apply(self, *pairs) -> None:
        async with self.sessions() as session, session.begin():
            for payload, regency_code in pairs:
                await HANDLERS[payload.event_type](session, envelope_for(payload, regency_code=regency_code))

    async def participants(self, count: int, regency_code: str = "6101", *, scheme: str = "vulnerable_worker_aid",
                           village_code: str | None = None, outcome: str = "eligible") -> list[uuid.UUID]:
        """Registered participants with an evaluation for `scheme` (approved unless `outcome` says)."""
        ids = [uuid.uuid4() for _ in range(count)]
        village = village_code or f"{regency_code}012001"
        pairs = []
        for pid in ids:
            pairs.append((registered(pid, village), regency_code))
            pairs.append((evaluated(pid, scheme, outcome), regency_code))
        await self.apply(*pairs)
        return ids

    async def participant(self, regency_code: str = "6101", **options) -> uuid.UUID:
        return (await self.participants(1, regency_code, **options))[0]

    async def terminated(self, participant_id: uuid.UUID, regency_code: str, reason: str,
                         effective_date: dt.date) -> None:
        await self.apply((terminated(participant_id, reason, effective_date), regency_code))

    async def membership(self, participant_id: uuid.UUID, regency_code: str, funding: str,
                         start_date: dt.date) -> None:
        await self.apply((MembershipStarted(participant_id=participant_id, membership_id=uuid.uuid4(),
                                            programs=["JKK", "JKM"], start_date=start_date, funding=funding),
                          regency_code))


def registered(pid: uuid.UUID, village_code: str | None) -> ParticipantRegistered:
    return ParticipantRegistered(participant_id=pid, worker_type="bpu", category="vulnerable_worker", sex="F",
                                 birth_year=1980, village_code=village_code,
                                 district_code=village_code[:6] if village_code else None,
                                 registered_on=dt.date(2026, 1, 5))


def evaluated(pid: uuid.UUID, scheme: str, outcome: str = "eligible", as_of=dt.date(2026, 1, 10)):
    return EligibilityDetermined(evaluation_id=uuid.uuid4(), subject_ref=str(pid), participant_id=pid, scheme=scheme,
                                 as_of=as_of, outcome=outcome, programs=["JKK", "JKM"], regulation_id="r",
                                 profile_version="v")


def terminated(pid: uuid.UUID, reason: str, effective_date: dt.date) -> MembershipTerminated:
    return MembershipTerminated(participant_id=pid, membership_ids=[uuid.uuid4()], reason=reason,
                                effective_date=effective_date)


@pytest.fixture
async def aid_events(infra):
    engine = make_engine(infra.db_url(AID), pool_size=2)
    yield AidEvents(make_sessionmaker(engine))
    await engine.dispose()


@pytest.fixture
async def aid(api):
    return await api(AID)


async def new_budget(client, regency_code="6101", amount=10_000_000, funding_source="apbd", **extra) -> dict:
    body = {"regency_code": regency_code, "fiscal_year": 2026, "funding_source": funding_source, "amount": amount,
            **extra}
    response = await client.post("/v1/budgets", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def allocate(client, budget_id, participant_id, months=12, **extra):
    return await client.post("/v1/allocations", json={"budget_id": str(budget_id),
                                                       "participant_id": str(participant_id),
                                                       "months": months, **extra})
