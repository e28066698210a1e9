"""`GET /v1/memberships` (docs/API.md §13): a regency's memberships (their latest version: one row
per programme of a participant), cursor-paged in the order they were first recorded."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import and_, func, or_, select

from registry.memberships.models import MembershipVersion
from registry.profiles import require_registry
from shared.app import runtime_of
from shared.auth import Client, require
from shared.paging import Page, Paging, keyset, only_params, page_of, paging
from shared.vocabularies import check_ids

router = APIRouter(tags=["lists"])
PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")


class MembershipSummary(BaseModel):
    """Satu kepesertaan (versi terakhir) / one membership, its latest version."""

    membership_id: uuid.UUID
    participant_id: uuid.UUID
    regency_code: str
    programme: str
    start_date: dt.date
    funding: str
    end_date: dt.date | None
    end_reason: str | None
    version: int
    source: str


@router.get("/memberships", response_model=Page[MembershipSummary], description=(
        "Kepesertaan satu kabupaten / a regency's memberships (docs/API.md §13). Filters: `programme`, `funding` "
        "(vocabulary `funding`), `status` (`active`: not ended today, `ended`), `participant_id`."))
async def list_memberships(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                           programme: Literal[PROGRAMMES] | None = None,
                           funding: str | None = Query(default=None, max_length=16),
                           status: Literal["active", "ended"] | None = None, participant_id: uuid.UUID | None = None,
                           page: Paging = Depends(paging), client: Client = Depends(require("registry:read"))):
    """Daftar kepesertaan / list memberships."""
    only_params(request, ("regency_code", "programme", "funding", "status", "participant_id"))
    client.require_regency(regency_code)
    check_ids("funding", funding, [f.id for f in require_registry(regency_code).funding], vocabulary="funding",
              regency_code=regency_code)
    m, today = MembershipVersion, dt.date.today()
    latest = (select(m.membership_id, func.max(m.version).label("version"))
              .where(m.regency_code == regency_code).group_by(m.membership_id).subquery())
    open_today = or_(m.end_date.is_(None), m.end_date > today)
    conditions = [m.regency_code == regency_code, m.programme == programme if programme else None,
                  m.funding == funding if funding else None,
                  m.participant_id == participant_id if participant_id else None,
                  open_today if status == "active" else ~open_today if status == "ended" else None]
    statement = (select(m).join(latest, and_(m.membership_id == latest.c.membership_id,
                                             m.version == latest.c.version))
                 .where(*[c for c in conditions if c is not None]))
    order = (m.membership_id, m.row_id)  # membership ids are random: a stable order, not a time order
    async with runtime_of(request).sessions() as session:
        rows = list((await session.execute(keyset(statement, order, page))).scalars())
        total = (await session.execute(select(func.count()).select_from(statement.subquery()))).scalar_one()
    return page_of(rows, page, lambda r: (r.membership_id, r.row_id), _membership, total)


def _membership(r: MembershipVersion) -> dict[str, Any]:
    return {"membership_id": r.membership_id, "participant_id": r.participant_id, "regency_code": r.regency_code,
            "programme": r.programme, "start_date": r.start_date, "funding": r.funding, "end_date": r.end_date,
            "end_reason": r.end_reason, "version": r.version, "source": r.source}
