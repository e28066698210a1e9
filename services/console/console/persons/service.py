"""Persons: create, list (§13), deactivate, TOTP enrolment; each change audited by person."""
from __future__ import annotations

import datetime as dt
import uuid

import anyio
import pyotp
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from console.persons import totp
from console.persons.domain import person_errors, role_errors
from console.persons.models import Person
from console.persons.schemas import PersonIn, PersonOut, RolesIn
from shared import audit, regulation, roles
from shared.auth import Client
from shared.paging import encode_cursor, single_key
from shared.problems import Conflict, InvalidInput, NotFound

HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


def out(person: Person) -> PersonOut:
    return PersonOut(id=person.id, username=person.username, name=person.name, nip=person.nip, office=person.office,
                     position=person.position, roles=person.roles, regencies=person.regencies,
                     villages=person.villages, active=person.active, totp_enabled=person.totp_secret is not None)


def _check(client: Client, body: PersonIn) -> None:
    for code in body.regencies:
        client.require_regency(code)
    known = set(regulation.regency_dirs())
    errors = person_errors(username=body.username, password=body.password, nip=body.nip, roles=body.roles,
                           regencies=body.regencies, villages=body.villages, known_roles=set(roles.catalogue()),
                           known_regencies=known, roles_of_regency={c: roles.regency_roles(c) for c in known},
                           today=dt.date.today())
    if errors:
        raise InvalidInput.fields(errors)


async def create(sessions: async_sessionmaker, client: Client, body: PersonIn) -> uuid.UUID:
    _check(client, body)
    # argon2id is deliberately slow: hash off the event loop
    password_hash = await anyio.to_thread.run_sync(HASHER.hash, body.password)
    person = Person(id=uuid.uuid4(), username=body.username, password_hash=password_hash,
                    name=body.name, nip=body.nip, office=body.office, position=body.position,
                    roles=sorted(set(body.roles)), regencies=sorted(set(body.regencies)),
                    villages=sorted(set(body.villages)), active=True, failed_logins=0, created_by=client.name)
    try:
        async with sessions() as session, session.begin():
            session.add(person)
            await session.flush()
            await audit.record(session, client, action="person.created", subject_kind="person", subject_id=person.id,
                               regency_code=person.regencies[0], detail={"roles": person.roles,
                                                                         "regencies": person.regencies})
    except IntegrityError:
        raise Conflict("A person with this username or NIP exists (nama pengguna atau NIP sudah terdaftar)") from None
    return person.id


def _visible(client: Client, person: Person) -> bool:
    return client.all_regencies or bool(set(person.regencies) & client.regencies)


async def list_(sessions: async_sessionmaker, client: Client, *, regency_code: str | None, role: str | None,
                active: bool | None, limit: int, cursor: str | None) -> tuple[list[PersonOut], str | None]:
    """Ordered by username; filtered in Python by regency (a JSON list), bounded by the page size."""
    if regency_code:
        client.require_regency(regency_code)
    after = single_key(cursor, str) if cursor else ""
    found: list[Person] = []
    async with sessions() as session:
        q = select(Person).where(Person.username > after).order_by(Person.username)
        if active is not None:
            q = q.where(Person.active == active)
        async for person in (await session.stream(q.execution_options(yield_per=500))).scalars():
            if _visible(client, person) and (not regency_code or regency_code in person.regencies) \
                    and (not role or role in person.roles):
                found.append(person)
                if len(found) > limit:
                    break
    page = found[:limit]
    return [out(p) for p in page], encode_cursor([page[-1].username]) if len(found) > limit else None


async def _owned(session, client: Client, person_id: uuid.UUID) -> Person:
    person = await session.get(Person, person_id, with_for_update=True)
    if person is None or not _visible(client, person):
        raise NotFound(f"No person {person_id}")
    for code in person.regencies:
        client.require_regency(code)
    return person


async def deactivate(sessions: async_sessionmaker, client: Client, person_id: uuid.UUID) -> PersonOut:
    """Logins and refreshes stop at once; access tokens already issued run out within minutes."""
    from console.oauth.tokens import revoke_person

    async with sessions() as session, session.begin():
        person = await _owned(session, client, person_id)
        person.active = False
        await revoke_person(session, person.id)
        await audit.record(session, client, action="person.deactivated", subject_kind="person",
                           subject_id=person.id, regency_code=person.regencies[0])
        return out(person)


async def set_roles(sessions: async_sessionmaker, client: Client, person_id: uuid.UUID, body: RolesIn) -> PersonOut:
    """Replace a person's roles. Their refresh tokens are revoked: the roles a token names change at
    the next login, and access tokens already issued run out within minutes."""
    from console.oauth.tokens import revoke_person

    async with sessions() as session, session.begin():
        person = await _owned(session, client, person_id)
        known = set(regulation.regency_dirs())
        errors = role_errors(body.roles, person.regencies, set(roles.catalogue()),
                             {c: roles.regency_roles(c) for c in known})
        if errors:
            raise InvalidInput.fields(errors)
        before, person.roles = person.roles, sorted(set(body.roles))
        await revoke_person(session, person.id)
        await audit.record(session, client, action="person.roles_changed", subject_kind="person",
                           subject_id=person.id, regency_code=person.regencies[0],
                           detail={"before": before, "after": person.roles})
        return out(person)


async def enrol_totp(sessions: async_sessionmaker, client: Client, person_id: uuid.UUID, issuer: str,
                     cipher) -> tuple[str, str]:
    secret = pyotp.random_base32()
    async with sessions() as session, session.begin():
        person = await _owned(session, client, person_id)
        person.totp_secret = totp.seal(cipher, person.id, secret)
        await audit.record(session, client, action="person.totp_enrolled", subject_kind="person",
                           subject_id=person.id, regency_code=person.regencies[0])
        uri = pyotp.TOTP(secret).provisioning_uri(name=person.username, issuer_name=f"Lindung ({issuer})")
    return uri, secret

