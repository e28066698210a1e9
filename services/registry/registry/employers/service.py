"""Employer handlers: clerk registration (POST /v1/employers), the OSS/PTSP feed (upsert by
NIB), and the licensing gap that both can open or close."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.audit import record_access
from registry.domain.employers import EmployerCheck, EmployerRequest, licensing_gap, validate_employer
from registry.domain.registry_profile import RegistryProfile
from registry.employers.models import Employer
from registry.employers.schemas import EmployerIn, OssNotificationIn
from registry.idempotency import Idempotency
from registry.participants.models import Participant
from registry.protection import Vault
from shared.auth import Client
from shared.events.registry import ComplianceGapDetected, ComplianceRestored, EmployerRegistered
from shared.identifiers import mask_nik
from shared.outbox import add_event
from shared.problems import Conflict, InvalidInput, NotFound

EVENT_FIELDS = ("nib", "kind", "business_scale", "sector", "bpjs_registration_number", "workers",
                "expected_workers_male", "expected_workers_female", "region_code")
TABLE = "employers"


class DuplicateEmployer(Conflict):
    slug, title = "duplicate-employer", "Employer already registered"


def _checked(body: EmployerIn) -> tuple[RegistryProfile, EmployerCheck]:
    registry = profiles.require_registry(body.regency_code)
    check = validate_employer(EmployerRequest(body.regency_code, body.name, body.nib, body.kind, body.business_scale,
                                              body.sector, body.address, body.npwp), registry)
    if check.errors:
        raise InvalidInput.fields(check.errors)
    return registry, check


def _values(vault: Vault, body: EmployerIn, check: EmployerCheck) -> dict:
    personal = check.npwp if check.npwp_is_nik else None
    return {"regency_code": body.regency_code, "name": body.name, "nib": check.nib,
            "npwp": None if personal else check.npwp,
            "npwp_cipher": vault.seal(personal, "npwp", table=TABLE) if personal else None,
            "npwp_masked": mask_nik(personal) if personal else None,
            "kind": body.kind, "business_scale": body.business_scale, "sector": check.sector.id,
            "address": body.address, "bpjs_registration_number": body.bpjs_registration_number,
            "workers": body.workers}


async def register_employer(sessions: async_sessionmaker, vault: Vault, client: Client, body: EmployerIn,
                            idempotency_key: str | None, *, today: dt.date) -> tuple[int, dict]:
    registry, check = _checked(body)
    idempotency = Idempotency(client, idempotency_key, "POST /v1/employers", body.model_dump(mode="json"))
    async with sessions() as session, session.begin():
        if (replay := await idempotency.claim(session)) is not None:
            return replay
        if await _by_nib(session, body.regency_code, check.nib) is not None:
            raise DuplicateEmployer(f"NIB is already registered in regency {body.regency_code}")
        employer = Employer(id=uuid.uuid4(), source="registry", created_by=client.name, **_values(vault, body, check))
        session.add(employer)
        try:
            await session.flush()
        except IntegrityError:
            raise DuplicateEmployer(f"NIB is already registered in regency {body.regency_code}") from None
        await add_event(session, registered_event(employer), regency_code=employer.regency_code)
        await assess_gap(session, employer, registry, today)
        response = {"id": str(employer.id), "regency_code": employer.regency_code, "nib": employer.nib,
                    "compliance_gap": employer.compliance_gap_since is not None}
        await idempotency.remember(session, 201, response)
    return 201, response


async def receive_oss_notification(sessions: async_sessionmaker, vault: Vault, client: Client,
                                   body: OssNotificationIn, *, today: dt.date,
                                   oss_fields: dict | None = None) -> tuple[int, dict]:
    """Upsert the employer by (regency, NIB); EmployerRegistered when it is new or changed.
    `oss_fields` are the extra columns OSS RBA's receiveNIB carries (expected workforce, region)."""
    registry, check = _checked(body)
    values = {**_values(vault, body, check), **(oss_fields or {})}
    async with sessions() as session, session.begin():
        created = await _create_if_absent(session, client, values)
        employer = await _by_nib(session, body.regency_code, check.nib, for_update=True)
        before = {name: getattr(employer, name) for name in EVENT_FIELDS}
        for name, value in values.items():
            setattr(employer, name, value)
        employer.updated_at = dt.datetime.now(dt.UTC)
        if created or before != {name: getattr(employer, name) for name in EVENT_FIELDS}:
            await add_event(session, registered_event(employer), regency_code=employer.regency_code)
        await assess_gap(session, employer, registry, body.notified_on or today)
        response = {"employer_id": str(employer.id), "created": created,
                    "compliance_gap": employer.compliance_gap_since is not None}
    return (201 if created else 200), response


async def _create_if_absent(session: AsyncSession, client: Client, values: dict) -> bool:
    inserted = await session.execute(insert(Employer).values(
        id=uuid.uuid4(), source="oss", created_by=client.name, **values,
    ).on_conflict_do_nothing(constraint="employers_one_nib_per_regency").returning(Employer.id))
    return inserted.first() is not None


async def assess_gap(session: AsyncSession, employer: Employer, registry: RegistryProfile, on: dt.date) -> None:
    """Open the licensing gap (ComplianceGapDetected) when an employer has workers and no BPJS
    registration where the regency binds it; close it (ComplianceRestored) once a registration
    number arrives. Each is emitted once per gap."""
    gap = licensing_gap(employer_kind=employer.kind, worker_count=employer.workers or 0,
                        bpjs_registration_number=employer.bpjs_registration_number, registry=registry)
    if gap is not None and employer.compliance_gap_since is None:
        employer.compliance_gap_since = on
        await add_event(session, ComplianceGapDetected(
            employer_id=employer.id, nib=employer.nib, workers=gap.worker_count, violation=gap.code,
            citation=str(gap.citation) if gap.citation else registry.regulation), regency_code=employer.regency_code)
    elif gap is None and employer.compliance_gap_since is not None and employer.bpjs_registration_number:
        employer.compliance_gap_since = None
        await add_event(session, ComplianceRestored(
            employer_id=employer.id, bpjs_registration_number=employer.bpjs_registration_number,
            workers=employer.workers, registered_on=on), regency_code=employer.regency_code)


def registered_event(e: Employer) -> EmployerRegistered:
    return EmployerRegistered(employer_id=e.id, nib=e.nib, name=e.name, kind=e.kind,
                              business_scale=e.business_scale,
                              sector=e.sector, bpjs_registration_number=e.bpjs_registration_number, workers=e.workers,
                              expected_workers_male=e.expected_workers_male,
                              expected_workers_female=e.expected_workers_female, region_code=e.region_code)


async def _by_nib(session: AsyncSession, regency_code: str, nib: str, *, for_update: bool = False) -> Employer | None:
    query = select(Employer).where(Employer.regency_code == regency_code, Employer.nib == nib)
    return (await session.execute(query.with_for_update() if for_update else query)).scalar_one_or_none()


async def get_employer(sessions: async_sessionmaker, vault: Vault, client: Client, employer_id: uuid.UUID, *,
                       purpose: str, request_id: str | None) -> dict:
    async with sessions() as session, session.begin():
        employer = await session.get(Employer, employer_id)
        if employer is None or not client.may_act_for(employer.regency_code):
            raise NotFound(f"Employer {employer_id} not found")
        out = {"id": str(employer.id), "regency_code": employer.regency_code, "name": employer.name,
               "nib": employer.nib, "npwp": employer.npwp or employer.npwp_masked, "kind": employer.kind,
               "business_scale": employer.business_scale, "sector": employer.sector, "address": employer.address,
               "bpjs_registration_number": employer.bpjs_registration_number, "workers": employer.workers,
               "compliance_gap_since": employer.compliance_gap_since, "source": employer.source,
               "created_at": employer.created_at,
               "registered_workers": await session.scalar(select(func.count()).where(
                   Participant.employer_id == employer.id))}
        if employer.npwp_cipher and client.has("pii:read"):
            out["npwp"] = vault.open(employer.npwp_cipher, "npwp", table=TABLE)
            await record_access(session, client, [employer.id], purpose=purpose, fields=["npwp"],
                                request_id=request_id, subject_kind="employer", regency_code=employer.regency_code)
        return out
