"""Targets: record a new version (never overwrite), read the one in force."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.targets.models import TargetRecord
from reporting.targets.schemas import TargetIn
from shared.http import request_id_var
from shared.problems import NotFound


async def record(sessions: async_sessionmaker, regency_code: str, year: int, body: TargetIn, by: str) -> dict:
    async with sessions() as session, session.begin():
        session.add(TargetRecord(regency_code=regency_code, year=year, workforce_estimate=body.workforce_estimate,
                                 target_ratio=body.target_ratio, source=body.source, recorded_by=by,
                                 request_id=request_id_var.get(None)))
    return await read(sessions, regency_code, year)


async def read(sessions: async_sessionmaker, regency_code: str, year: int) -> dict:
    async with sessions() as session:
        rows = await versions(session, regency_code, year)
    if not rows:
        raise NotFound(f"Belum ada target untuk {regency_code} tahun {year} / no target recorded for that year")
    newest, *older = rows
    return {**_version(newest), "regency_code": regency_code, "year": year, "history": [_version(r) for r in older]}


async def versions(session: AsyncSession, regency_code: str, year: int) -> list[TargetRecord]:
    return list((await session.execute(select(TargetRecord).where(
        TargetRecord.regency_code == regency_code, TargetRecord.year == year)
        .order_by(TargetRecord.id.desc()))).scalars())


async def in_force(session: AsyncSession, regency_code: str, year: int) -> TargetRecord | None:
    rows = await versions(session, regency_code, year)
    return rows[0] if rows else None


def _version(row: TargetRecord) -> dict:
    return {"workforce_estimate": row.workforce_estimate, "target_ratio": row.target_ratio, "source": row.source,
            "recorded_by": row.recorded_by, "recorded_at": row.recorded_at}
