"""Participant handlers: load, decide, write state and its event in one transaction."""
from __future__ import annotations

import datetime as dt
import functools
import uuid

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.audit import record_access
from registry.domain.participants import RegistrationCheck, RegistrationRequest, check_registration
from registry.employers.models import Employer
from registry.idempotency import Idempotency
from registry.participants.models import Participant
from registry.participants.schemas import ParticipantIn
from registry.protection import Vault
from shared.auth import Client
from shared.events.registry import ParticipantRegistered
from shared.identifiers import mask_nik
from shared.outbox import event_params, event_writes, one_statement
from shared.problems import Conflict, InvalidInput, NotFound

PERSONAL_FIELDS = ["nik", "mother_maiden_name", "address", "coordinates"]


class DuplicateParticipant(Conflict):
    slug, title = "duplicate-participant", "Participant already registered"


async def register_participant(sessions: async_sessionmaker, vault: Vault, client: Client, body: ParticipantIn,
                               idempotency_key: str | None, *, today: dt.date | None = None) -> tuple[int, dict]:
    """Returns (status, response body). Idempotent per (client, Idempotency-Key)."""
    participants, registry = (
        profiles.require_participants(body.regency_code),
        profiles.require_registry(body.regency_code),
    )
    idempotency = Idempotency(client, idempotency_key, "POST /v1/participants", body.model_dump(mode="json"))
    async with sessions() as session, session.begin():
        if idempotency_key is None:  # the write is one statement, atomic alone: no BEGIN/COMMIT round trips
            await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        if (replay := await idempotency.claim(session)) is not None:
            return replay
        employer = await _linked_employer(session, body)
        check = check_registration(_request(body), participants, registry, as_of=today or dt.date.today(),
                                   employer_kind=employer.kind if employer else None)
        if check.errors:
            raise InvalidInput.fields(check.errors)
        participant = _new_participant(vault, client, body, check, vault.nik_index(check.nik.nik))
        response = {"id": str(participant.id), "regency_code": participant.regency_code,
                    "nik": participant.nik_masked, "status": participant.status,
                    "village_kind": participant.village_kind,
                    "notices": [{"field": n.field, "message": n.message} for n in check.notices],
                    "citations": [str(c) for c in check.citations]}
        if not await _write(session, participant, idempotency, response):
            raise DuplicateParticipant(f"NIK is already registered in regency {body.regency_code}")
    return 201, response


async def _write(session: AsyncSession, participant: Participant, idempotency: Idempotency, response: dict) -> bool:
    """One statement: the participant row unless its NIK's blind index is already registered in
    the regency (the unique constraint decides, also between concurrent registrations: a second
    one waits for the first to commit, then writes nothing), and only if it was written, its
    event, audit row and the Idempotency-Key's answer. False for a duplicate."""
    event = event_params(registered_event(participant), regency_code=participant.regency_code)
    params = {**{"participant_" + c: getattr(participant, c) for c in PARTICIPANT_COLUMNS}, **event.params}
    if idempotency.key:
        params.update(idempotency.remember_params(201, response))
    statement = _write_statement(event.audited, bool(idempotency.key))
    return (await session.execute(statement, params)).one().id is not None


PARTICIPANT_COLUMNS = [c.key for c in Participant.__table__.columns]


@functools.cache
def _write_statement(audited: bool, remembered: bool):
    """Built once per shape (SQLAlchemy then compiles it once): see `_write`."""
    columns = Participant.__table__.columns
    inserted = insert(Participant).values({c.key: bindparam("participant_" + c.key, type_=c.type) for c in columns}) \
        .on_conflict_do_nothing(constraint="participants_one_nik_per_regency").returning(Participant.id).cte("inserted")
    writes = [inserted, *event_writes(audited=audited, gate=inserted)]
    if remembered:
        writes.append(Idempotency.remembering(gate=inserted))
    return one_statement(*writes, id=select(inserted.c.id))


async def _linked_employer(session: AsyncSession, body: ParticipantIn) -> Employer | None:
    if body.employer_id is None:
        return None
    employer = await session.get(Employer, body.employer_id)
    if employer is None or employer.regency_code != body.regency_code:
        raise InvalidInput.fields([("employer_id", "pemberi kerja tidak terdaftar di kabupaten ini / "
                                                   "no such employer in this regency")])
    return employer


def _request(body: ParticipantIn) -> RegistrationRequest:
    return RegistrationRequest(**body.model_dump())


def _new_participant(vault: Vault, client: Client, body: ParticipantIn, check: RegistrationCheck,
                     nik_index: str) -> Participant:
    coordinates = None
    if body.latitude is not None and body.longitude is not None:
        coordinates = vault.seal(f"{body.latitude},{body.longitude}", "coordinates")
    return Participant(
        id=uuid.uuid4(), regency_code=body.regency_code, nik_index=nik_index,
        nik_cipher=vault.seal(check.nik.nik, "nik"), nik_masked=mask_nik(check.nik.nik), full_name=body.full_name,
        birth_place=body.birth_place, birth_date=body.birth_date, sex=body.sex,
        mother_maiden_name_cipher=vault.seal(body.mother_maiden_name, "mother_maiden_name"),
        address_cipher=vault.seal(body.address, "address"), coordinates_cipher=coordinates,
        village_code=check.village_code, village_kind=check.village_kind.counts_as if check.village_kind else None,
        worker_type=body.worker_type, category=body.category, occupation=body.occupation,
        employer_id=body.employer_id, registered_by=client.name, status="active",
        created_at=dt.datetime.now(dt.UTC),
    )


def registered_event(p: Participant) -> ParticipantRegistered:
    return ParticipantRegistered(
        participant_id=p.id, worker_type=p.worker_type, category=p.category, occupation=p.occupation, sex=p.sex,
        birth_year=p.birth_date.year, district_code=p.village_code[:6] if p.village_code else None,
        village_code=p.village_code, village_kind=p.village_kind, employer_id=p.employer_id,
        registered_on=p.created_at.date(),
    )


async def _find_by_index(session: AsyncSession, regency_code: str, nik_index: str) -> Participant | None:
    return (await session.execute(select(Participant).where(
        Participant.regency_code == regency_code, Participant.nik_index == nik_index))).scalar_one_or_none()


async def visible_participant(session: AsyncSession, client: Client, participant_id: uuid.UUID, *,
                              for_update: bool = False) -> Participant:
    """The participant, if the client may see its regency (404 otherwise, not 403: an id from
    another regency reveals nothing)."""
    query = select(Participant).where(Participant.id == participant_id)
    participant = (await session.execute(query.with_for_update() if for_update else query)).scalar_one_or_none()
    if participant is None or not client.may_act_for(participant.regency_code) \
            or not client.may_act_in_village(participant.village_code):  # village-bound roles (roles.yaml)
        raise NotFound(f"Participant {participant_id} not found")
    return participant


async def get_participant(sessions: async_sessionmaker, vault: Vault, client: Client, participant_id: uuid.UUID,
                          *, purpose: str, request_id: str | None) -> dict:
    async with sessions() as session, session.begin():
        participant = await visible_participant(session, client, participant_id)
        return await present(session, vault, client, participant, purpose=purpose, request_id=request_id)


async def find_by_nik(sessions: async_sessionmaker, vault: Vault, client: Client, regency_code: str, nik: str,
                      *, purpose: str, request_id: str | None) -> list[dict]:
    client.require_regency(regency_code)
    async with sessions() as session, session.begin():
        participant = await _find_by_index(session, regency_code, vault.nik_index(nik.strip()))
        if participant is None or not client.may_act_in_village(participant.village_code):
            return []
        return [await present(session, vault, client, participant, purpose=purpose, request_id=request_id)]


async def present(session: AsyncSession, vault: Vault, client: Client, p: Participant, *, purpose: str,
                  request_id: str | None) -> dict:
    """The participant as the client may see it; personal data only with `pii:read`, audited."""
    out = {"id": str(p.id), "regency_code": p.regency_code, "nik": p.nik_masked, "nik_masked": True,
           "full_name": p.full_name, "birth_place": p.birth_place, "birth_date": None,
           "birth_year": p.birth_date.year, "sex": p.sex, "village_code": p.village_code,
           "village_kind": p.village_kind,
           "worker_type": p.worker_type, "category": p.category, "occupation": p.occupation,
           "employer_id": str(p.employer_id) if p.employer_id else None,
           "status": p.status, "created_at": p.created_at.isoformat()}
    if client.has("pii:read"):
        out.update(unsealed(vault, p))
        await record_access(session, client, [p.id], purpose=purpose, fields=PERSONAL_FIELDS, request_id=request_id,
                            regency_code=p.regency_code)
    return out


def sealed_view(p: Participant) -> dict:
    """What a client without `pii:read` may see of the personal fields (docs/API.md §7 masking). The
    birth date is withheld too: NIK digits 7-12 are the birth date (day + 40 for women), so the
    masked NIK, the date and the sex together would rebuild the NIK; the year alone does not."""
    return {"nik": p.nik_masked, "nik_masked": True, "mother_maiden_name": None, "address": None,
            "latitude": None, "longitude": None, "birth_date": None, "birth_year": p.birth_date.year}


def unsealed(vault: Vault, p: Participant) -> dict:
    """The participant's personal data in clear (callers audit the disclosure)."""
    out = {"nik": vault.open(p.nik_cipher, "nik"), "nik_masked": False, "birth_date": p.birth_date.isoformat(),
           "birth_year": p.birth_date.year,
           "mother_maiden_name": vault.open(p.mother_maiden_name_cipher, "mother_maiden_name"),
           "address": vault.open(p.address_cipher, "address"), "latitude": None, "longitude": None}
    if p.coordinates_cipher:
        lat, lon = vault.open(p.coordinates_cipher, "coordinates").split(",")
        out.update(latitude=float(lat), longitude=float(lon))
    return out
