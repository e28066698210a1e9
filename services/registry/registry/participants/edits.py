"""Correcting a participant's record (PATCH /v1/participants/{id}): the merged record passes the same
registration check, personal fields are sealed again, and the non-personal changes are announced as
`ParticipantUpdated` in the same transaction (eligibility and reporting keep their views current)."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from sqlalchemy.ext.asyncio import async_sessionmaker

from registry import profiles
from registry.domain.participants import RegistrationRequest, check_registration
from registry.employers.models import Employer
from registry.participants.models import Participant
from registry.participants.schemas import ParticipantPatch
from registry.participants.service import visible_participant
from registry.protection import Vault
from shared.auth import Client
from shared.events.registry import ParticipantUpdated
from shared.outbox import add_event
from shared.problems import InvalidInput

SEALED = ("mother_maiden_name", "address")
ANNOUNCED = ("worker_type", "category", "occupation", "village_code", "village_kind")


async def update_participant(sessions: async_sessionmaker, vault: Vault, client: Client, participant_id: uuid.UUID,
                             body: ParticipantPatch) -> dict:
    """The answer names the fields changed, never their values (no personal data echoed)."""
    changes = body.model_dump(exclude_unset=True)
    async with sessions() as session, session.begin():
        p = await visible_participant(session, client, participant_id, for_update=True)
        client.require_village(changes.get("village_code"))
        merged = replace(_request_of(vault, p), **changes)
        employer = await session.get(Employer, p.employer_id) if p.employer_id else None
        check = check_registration(merged, profiles.require_participants(p.regency_code),
                                   profiles.require_registry(p.regency_code), as_of=dt.date.today(),
                                   employer_kind=employer.kind if employer else None)
        if check.errors:
            raise InvalidInput.fields(check.errors)
        before = {name: getattr(p, name) for name in ANNOUNCED}
        for name, value in changes.items():
            if name in SEALED:
                setattr(p, f"{name}_cipher", vault.seal(value, name))
            elif name != "village_code":
                setattr(p, name, value)
        p.village_code = check.village_code
        p.village_kind = check.village_kind.counts_as if check.village_kind else None
        announced = {name: getattr(p, name) for name in ANNOUNCED if getattr(p, name) != before[name]}
        if announced:
            await add_event(session, ParticipantUpdated(participant_id=p.id, changes=announced),
                            regency_code=p.regency_code)
        return {"id": str(p.id), "regency_code": p.regency_code, "nik": p.nik_masked, "status": p.status,
                "changed": sorted(changes), "announced": sorted(announced)}


def _request_of(vault: Vault, p: Participant) -> RegistrationRequest:
    """The record as a registration request (opened on the server only, to check the merged record)."""
    return RegistrationRequest(
        regency_code=p.regency_code, nik=vault.open(p.nik_cipher, "nik"), full_name=p.full_name,
        birth_place=p.birth_place, birth_date=p.birth_date, sex=p.sex,
        mother_maiden_name=vault.open(p.mother_maiden_name_cipher, "mother_maiden_name"),
        address=vault.open(p.address_cipher, "address"), worker_type=p.worker_type, category=p.category,
        occupation=p.occupation, village_code=p.village_code, employer_id=p.employer_id)
