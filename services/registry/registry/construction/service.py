"""Construction-project handlers: record a project with its SPK, record its BPJS registration,
and report a late or missed registration (ConstructionRegistrationOverdue) once per project,
at once when known or by the daily job."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.construction.models import ConstructionProject
from registry.construction.schemas import ProjectIn, RegistrationIn
from registry.domain.construction import RegistrationStatus, assess_registration, date_errors
from registry.employers.models import Employer
from registry.idempotency import Idempotency
from shared.auth import Client
from shared.events.registry import ConstructionProjectRegistered, ConstructionRegistrationOverdue
from shared.outbox import add_event
from shared.problems import Conflict, InvalidInput, NotFound


def _status(project: ConstructionProject, today: dt.date) -> RegistrationStatus:
    return assess_registration(project.spk_date, project.bpjs_registered_on, today,
                               registry=profiles.registry_profile(project.regency_code))


async def register_project(sessions: async_sessionmaker, client: Client, body: ProjectIn,
                           idempotency_key: str | None, *, today: dt.date) -> tuple[int, dict]:
    registry = profiles.require_registry(body.regency_code)
    errors = date_errors(body.spk_date, body.bpjs_registered_on, today)
    if errors:
        raise InvalidInput.fields(errors)
    idempotency = Idempotency(client, idempotency_key, "POST /v1/construction-projects", body.model_dump(mode="json"))
    async with sessions() as session, session.begin():
        if (replay := await idempotency.claim(session)) is not None:
            return replay
        employer = await session.get(Employer, body.employer_id)
        if employer is None or employer.regency_code != body.regency_code:
            raise InvalidInput.fields([("employer_id", "pemberi kerja tidak terdaftar di kabupaten ini / "
                                                       "no such employer in this regency")])
        status = assess_registration(body.spk_date, body.bpjs_registered_on, today, registry=registry)
        project = ConstructionProject(id=uuid.uuid4(), registration_deadline=status.deadline, created_by=client.name,
                                      **body.model_dump())
        session.add(project)
        await _announce(session, project, status)
        response = present(project, status)
        await idempotency.remember(session, 201, response)
    return 201, response


async def record_registration(sessions: async_sessionmaker, client: Client, project_id: uuid.UUID,
                              body: RegistrationIn, *, today: dt.date) -> dict:
    """The project's BPJS registration, recorded once (the same date again changes nothing)."""
    async with sessions() as session, session.begin():
        project = await _visible(session, client, project_id, for_update=True)
        if project.bpjs_registered_on == body.registered_on:
            return present(project, _status(project, today))
        if project.bpjs_registered_on is not None:
            raise Conflict(f"Project {project_id} was already registered on {project.bpjs_registered_on}",
                           slug="already-registered", title="Already registered")
        errors = date_errors(project.spk_date, body.registered_on, today, registered_field="registered_on")
        if errors:
            raise InvalidInput.fields(errors)
        project.bpjs_registered_on = body.registered_on
        status = _status(project, today)
        await _announce(session, project, status)
        return present(project, status)


async def _announce(session: AsyncSession, project: ConstructionProject, status: RegistrationStatus) -> None:
    """ConstructionProjectRegistered with the current registration facts (consumers upsert by
    project id), and the overdue finding if it is one and was not reported yet."""
    await session.flush()
    await add_event(session, ConstructionProjectRegistered(
        project_id=project.id, employer_id=project.employer_id, contract_value=project.contract_value,
        funding_source=project.funding_source, spk_date=project.spk_date,
        registration_deadline=status.deadline, registration_status=status.status,
        bpjs_registered_on=project.bpjs_registered_on), regency_code=project.regency_code)
    await report_overdue_once(session, project, status)


async def report_overdue_once(session: AsyncSession, project: ConstructionProject,
                              status: RegistrationStatus) -> bool:
    if status.finding is None or project.overdue_reported_at is not None:
        return False
    project.overdue_reported_at = dt.datetime.now(dt.UTC)
    citation = status.citation or profiles.registry_profile(project.regency_code).national_deadline.citation
    await add_event(session, ConstructionRegistrationOverdue(
        project_id=project.id, employer_id=project.employer_id, spk_date=project.spk_date,
        registration_deadline=status.deadline, registered_on=project.bpjs_registered_on,
        citation=str(citation)), regency_code=project.regency_code)
    return True


async def report_newly_overdue(sessions: async_sessionmaker, as_of: dt.date, *, batch: int = 500) -> int:
    """The daily job: every project still unregistered after its deadline and not reported
    yet gets its ConstructionRegistrationOverdue. Safe to run twice or in parallel."""
    reported = 0
    while True:
        async with sessions() as session, session.begin():
            due = list((await session.execute(select(ConstructionProject).where(
                ConstructionProject.bpjs_registered_on.is_(None), ConstructionProject.overdue_reported_at.is_(None),
                ConstructionProject.registration_deadline < as_of,
            ).order_by(ConstructionProject.spk_date).limit(batch).with_for_update(skip_locked=True))).scalars())
            for project in due:
                reported += await report_overdue_once(session, project, _status(project, as_of))
        if len(due) < batch:
            return reported


async def get_project(sessions: async_sessionmaker, client: Client, project_id: uuid.UUID, *,
                      today: dt.date) -> dict:
    async with sessions() as session:
        project = await _visible(session, client, project_id)
        return present(project, _status(project, today))


async def _visible(session: AsyncSession, client: Client, project_id: uuid.UUID, *,
                   for_update: bool = False) -> ConstructionProject:
    query = select(ConstructionProject).where(ConstructionProject.id == project_id)
    project = (await session.execute(query.with_for_update() if for_update else query)).scalar_one_or_none()
    if project is None or not client.may_act_for(project.regency_code):
        raise NotFound(f"Construction project {project_id} not found")
    return project


def present(project: ConstructionProject, status: RegistrationStatus) -> dict:
    finding = status.finding
    return {"id": str(project.id), "regency_code": project.regency_code, "employer_id": str(project.employer_id),
            "name": project.name, "contract_value": project.contract_value,
            "funding_source": project.funding_source, "spk_date": project.spk_date.isoformat(),
            "bpjs_registered_on": project.bpjs_registered_on.isoformat() if project.bpjs_registered_on else None,
            "registration_deadline": status.deadline.isoformat(), "registration_status": status.status,
            "overdue_since": status.overdue_since.isoformat() if status.overdue_since else None,
            "days_late": finding.days_late if finding else None,
            "citation": str(status.citation) if status.citation else None,
            "before_work_starts": str(status.before_work_starts) if status.before_work_starts else None}
