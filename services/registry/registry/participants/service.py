"""Participant handlers: load, decide, write state and its event in one transaction."""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import orjson
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.auth import Client
from shared.events.contracts import ParticipantRegistered
from shared.identifiers import mask_nik
from shared.outbox import add_event
from shared.problems import Conflict, InvalidInput, NotFound
from registry.participants.models import IdempotencyRecord, Participant, PersonalDataAccess
from registry.participants.schemas import ParticipantIn
from registry.participants.validation import check_identity
from registry.protection import Vault


class DuplicateParticipant(Conflict):
    slug, title = "duplicate-participant", "Participant already registered"


def request_hash(body: ParticipantIn) -> str:
    return hashlib.sha256(orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)).hexdigest()


async def register_participant(sessions: async_sessionmaker, vault: Vault, client: Client, body: ParticipantIn,
                               idempotency_key: str | None) -> tuple[int, dict]:
    """Returns (status, response body). Idempotent per (client, Idempotency-Key)."""
    parsed, errors = check_identity(body.nik, body.birth_date, body.sex)
    if errors:
        raise InvalidInput.fields(errors)
    digest = request_hash(body)
    async with sessions() as session, session.begin():
        if idempotency_key:
            previous = await session.get(IdempotencyRecord, (client.name, idempotency_key))
            if previous is not None:
                if previous.request_hash != digest:
                    raise InvalidInput("Idempotency-Key was already used with a different request body",
                                       errors=[{"field": "Idempotency-Key", "message": "reused with another body"}],
                                       slug="idempotency-key-reused")
                return previous.status_code, previous.response
        nik_index = vault.nik_index(parsed.nik)
        if await _find_by_index(session, body.regency_code, nik_index) is not None:
            raise DuplicateParticipant(f"NIK is already registered in regency {body.regency_code}")
        participant = _new_participant(vault, client, body, nik_index)
        session.add(participant)
        await session.flush()
        await add_event(session, registered_event(participant), regency_code=body.regency_code)
        response = {"id": str(participant.id), "regency_code": participant.regency_code,
                    "nik": participant.nik_masked, "status": participant.status}
        if idempotency_key:
            session.add(IdempotencyRecord(client=client.name, key=idempotency_key, request_hash=digest,
                                          status_code=201, response=response))
        try:
            await session.flush()
        except IntegrityError:
            raise DuplicateParticipant(f"NIK is already registered in regency {body.regency_code}") from None
    return 201, response


def _new_participant(vault: Vault, client: Client, body: ParticipantIn, nik_index: str) -> Participant:
    coordinates = None
    if body.latitude is not None and body.longitude is not None:
        coordinates = vault.seal(f"{body.latitude},{body.longitude}", "coordinates")
    return Participant(
        id=uuid.uuid4(), regency_code=body.regency_code, nik_index=nik_index,
        nik_cipher=vault.seal(body.nik, "nik"), nik_masked=mask_nik(body.nik), full_name=body.full_name,
        birth_place=body.birth_place, birth_date=body.birth_date, sex=body.sex,
        mother_maiden_name_cipher=vault.seal(body.mother_maiden_name, "mother_maiden_name"),
        address_cipher=vault.seal(body.address, "address"), coordinates_cipher=coordinates,
        village_code=body.village_code, worker_type=body.worker_type, category=body.category,
        occupation=body.occupation, employer_id=body.employer_id, registered_by=client.name,
        created_at=dt.datetime.now(dt.timezone.utc),
    )


def registered_event(p: Participant) -> ParticipantRegistered:
    return ParticipantRegistered(
        participant_id=p.id, worker_type=p.worker_type, category=p.category, occupation=p.occupation, sex=p.sex,
        birth_year=p.birth_date.year, district_code=p.village_code[:6] if p.village_code else None,
        village_code=p.village_code, employer_id=p.employer_id, registered_on=p.created_at.date(),
    )


async def _find_by_index(session: AsyncSession, regency_code: str, nik_index: str) -> Participant | None:
    return (await session.execute(select(Participant).where(
        Participant.regency_code == regency_code, Participant.nik_index == nik_index))).scalar_one_or_none()


async def get_participant(sessions: async_sessionmaker, vault: Vault, client: Client, participant_id: uuid.UUID,
                          *, purpose: str, request_id: str | None) -> dict:
    async with sessions() as session, session.begin():
        participant = await session.get(Participant, participant_id)
        if participant is None or not client.may_act_for(participant.regency_code):
            raise NotFound(f"Participant {participant_id} not found")
        return await present(session, vault, client, participant, purpose=purpose, request_id=request_id)


async def find_by_nik(sessions: async_sessionmaker, vault: Vault, client: Client, regency_code: str, nik: str,
                      *, purpose: str, request_id: str | None) -> list[dict]:
    client.require_regency(regency_code)
    async with sessions() as session, session.begin():
        participant = await _find_by_index(session, regency_code, vault.nik_index(nik.strip()))
        if participant is None:
            return []
        return [await present(session, vault, client, participant, purpose=purpose, request_id=request_id)]


async def present(session: AsyncSession, vault: Vault, client: Client, p: Participant, *, purpose: str,
                  request_id: str | None) -> dict:
    """The participant as the client may see it; personal data only with `pii:read`, audited."""
    out = {"id": str(p.id), "regency_code": p.regency_code, "nik": p.nik_masked, "nik_masked": True,
           "full_name": p.full_name, "birth_place": p.birth_place, "birth_date": p.birth_date.isoformat(),
           "sex": p.sex, "village_code": p.village_code, "worker_type": p.worker_type, "category": p.category,
           "occupation": p.occupation, "employer_id": str(p.employer_id) if p.employer_id else None,
           "status": p.status, "created_at": p.created_at.isoformat()}
    if client.has("pii:read"):
        out.update(nik=vault.open(p.nik_cipher, "nik"), nik_masked=False,
                   mother_maiden_name=vault.open(p.mother_maiden_name_cipher, "mother_maiden_name"),
                   address=vault.open(p.address_cipher, "address"))
        if p.coordinates_cipher:
            lat, lon = vault.open(p.coordinates_cipher, "coordinates").split(",")
            out.update(latitude=float(lat), longitude=float(lon))
        session.add(PersonalDataAccess(client=client.name, subject_id=p.id, purpose=purpose,
                                       fields=["nik", "mother_maiden_name", "address", "coordinates"],
                                       request_id=request_id))
    return out
