"""Lists of the registry's aggregates (docs/API.md §13): employers, participants and construction
projects of one regency, keyset-paged in the order they were registered, filtered by the fields
staff search by. A list never decrypts: NIKs are masked; names only for `pii:read` (audited)."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry.audit import record_access
from registry.construction.models import ConstructionProject
from registry.employers.models import Employer
from registry.memberships.models import MembershipVersion
from registry.participants.models import Participant
from shared.auth import Client
from shared.exports import MAX_EXPORT_ROWS
from shared.paging import Paging, keyset, page_of


@dataclass(frozen=True)
class Listed:
    page: dict[str, Any]
    rows: Sequence[Any]


def _prefix(text: str) -> str:
    """A LIKE prefix with the pattern characters taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def _fetch(session: AsyncSession, statement: Select, order, page: Paging | None):
    if page is None:  # export: every row up to the cap, in the same order
        return list((await session.execute(statement.order_by(*order).limit(MAX_EXPORT_ROWS + 1))).scalars())
    return list((await session.execute(keyset(statement, order, page))).scalars())


async def _total(session: AsyncSession, statement: Select) -> int:
    return (await session.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()


# --- employers ---------------------------------------------------------------------------------------------
def employers_query(regency_code: str, *, nib: str | None, npwp: str | None, name: str | None, sector: str | None,
                    kind: str | None, compliance: str | None) -> Select:
    statement = select(Employer).where(Employer.regency_code == regency_code)
    conditions = [Employer.nib == nib if nib else None, Employer.npwp == npwp if npwp else None,
                  Employer.name.ilike(_prefix(name)) if name else None, Employer.sector == sector if sector else None,
                  Employer.kind == kind if kind else None]
    if compliance == "gap":
        conditions.append(Employer.compliance_gap_since.is_not(None))
    elif compliance == "compliant":
        conditions.append(Employer.compliance_gap_since.is_(None))
    return statement.where(*[c for c in conditions if c is not None])


def employer_item(e: Employer) -> dict[str, Any]:
    return {"id": e.id, "regency_code": e.regency_code, "name": e.name, "nib": e.nib,
            "npwp": e.npwp or e.npwp_masked, "kind": e.kind, "business_scale": e.business_scale, "sector": e.sector,
            "bpjs_registration_number": e.bpjs_registration_number, "workers": e.workers,
            "compliance_gap_since": e.compliance_gap_since, "created_at": e.created_at}


EMPLOYER_ORDER = (Employer.created_at, Employer.id)


async def list_employers(sessions: async_sessionmaker, page: Paging | None, filters: dict) -> Listed:
    statement = employers_query(**filters)
    async with sessions() as session:
        rows = await _fetch(session, statement, EMPLOYER_ORDER, page)
        total = await _total(session, statement) if page else None
    return Listed(page_of(rows, page, lambda r: (r.created_at, r.id), employer_item, total) if page else {}, rows)


# --- construction projects ---------------------------------------------------------------------------------
def projects_query(regency_code: str, *, status: str | None, employer_id: uuid.UUID | None,
                   deadline_before: dt.date | None, deadline_after: dt.date | None, today: dt.date) -> Select:
    p = ConstructionProject
    statement = select(p).where(p.regency_code == regency_code)
    by_status = {"pending": and_(p.bpjs_registered_on.is_(None), p.registration_deadline >= today),
                 "late": or_(p.bpjs_registered_on > p.registration_deadline,
                             and_(p.bpjs_registered_on.is_(None), p.registration_deadline < today)),
                 "on_time": p.bpjs_registered_on <= p.registration_deadline}
    conditions = [by_status[status] if status else None, p.employer_id == employer_id if employer_id else None,
                  p.registration_deadline < deadline_before if deadline_before else None,
                  p.registration_deadline >= deadline_after if deadline_after else None]
    return statement.where(*[c for c in conditions if c is not None])


def project_item(p: ConstructionProject, today: dt.date) -> dict[str, Any]:
    if p.bpjs_registered_on is not None:
        status = "on_time" if p.bpjs_registered_on <= p.registration_deadline else "late"
    else:
        status = "pending" if p.registration_deadline >= today else "late"
    return {"id": p.id, "regency_code": p.regency_code, "employer_id": p.employer_id, "name": p.name,
            "contract_value": p.contract_value, "funding_source": p.funding_source, "spk_date": p.spk_date,
            "registration_deadline": p.registration_deadline, "bpjs_registered_on": p.bpjs_registered_on,
            "registration_status": status, "created_at": p.created_at}


async def list_projects(sessions: async_sessionmaker, page: Paging, filters: dict) -> dict:
    statement = projects_query(**filters)
    async with sessions() as session:
        rows = await _fetch(session, statement, (ConstructionProject.created_at, ConstructionProject.id), page)
        total = await _total(session, statement)
    today = filters["today"]
    return page_of(rows, page, lambda r: (r.created_at, r.id), lambda r: project_item(r, today), total)


# --- participants ------------------------------------------------------------------------------------------
def _with_membership(today: dt.date, funding: str | None = None):
    """Participants with a membership open on `today` (its latest version not ended), of a funding."""
    m = MembershipVersion
    latest = select(m.membership_id, func.max(m.version).label("version")).group_by(m.membership_id).subquery()
    statement = select(m.participant_id).join(latest, and_(m.membership_id == latest.c.membership_id,
                                                            m.version == latest.c.version))
    statement = statement.where(or_(m.end_date.is_(None), m.end_date > today))
    return statement.where(m.funding == funding) if funding else statement


def participants_query(regency_code: str, *, village_code: str | None, category: str | None, status: str | None,
                       funding: str | None, name: str | None, worker_type: str | None, today: dt.date,
                       employer_id: uuid.UUID | None = None) -> Select:
    p = Participant
    statement = select(p).where(p.regency_code == regency_code)
    conditions = [p.village_code == village_code if village_code else None,
                  p.category == category if category else None, p.worker_type == worker_type if worker_type else None,
                  p.employer_id == employer_id if employer_id else None,
                  p.full_name.ilike(_prefix(name)) if name else None,
                  p.id.in_(_with_membership(today, funding)) if funding else None]
    if status == "active":
        conditions.append(p.id.in_(_with_membership(today)))
    elif status == "inactive":
        conditions.append(p.id.not_in(_with_membership(today)))
    return statement.where(*[c for c in conditions if c is not None])


def participant_item(p: Participant, with_name: bool) -> dict[str, Any]:
    """Masked NIK and birth year always (a list never decrypts); the name only for `pii:read`."""
    return {"id": p.id, "regency_code": p.regency_code, "nik": p.nik_masked, "nik_masked": True,
            "full_name": p.full_name if with_name else None, "birth_year": p.birth_date.year, "sex": p.sex,
            "village_code": p.village_code, "village_kind": p.village_kind, "worker_type": p.worker_type,
            "category": p.category, "occupation": p.occupation, "employer_id": p.employer_id,
            "created_at": p.created_at}


async def list_participants(sessions: async_sessionmaker, client: Client, page: Paging | None, filters: dict, *,
                            purpose: str, request_id: str | None) -> Listed:
    statement = participants_query(**filters)
    with_name = client.has("pii:read")
    async with sessions() as session, session.begin():
        rows = await _fetch(session, statement, (Participant.created_at, Participant.id), page)
        shown = rows[:page.limit] if page else rows[:MAX_EXPORT_ROWS]
        if with_name:  # names are personal data: who saw whose, as for a read by id
            await record_access(session, client, [r.id for r in shown], purpose=purpose, fields=["full_name"],
                                request_id=request_id)
        total = await _total(session, statement) if page else None
    listed = page_of(rows, page, lambda r: (r.created_at, r.id), lambda r: participant_item(r, with_name),
                     total) if page else {}
    return Listed(listed, shown)
