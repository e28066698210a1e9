"""Coverage figures for a regency (CONTRACT §10), read from the read model."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

ACTIVE = "start_date IS NOT NULL AND start_date <= :today AND (end_date IS NULL OR end_date > :today)"


async def coverage(sessions: async_sessionmaker, regency_code: str, today: dt.date | None = None) -> dict:
    params = {"r": regency_code, "today": today or dt.date.today()}
    async with sessions() as session:
        run = session.execute
        participants = (await run(text("SELECT count(*) FROM rm_participants WHERE regency_code = :r"), params)).scalar()
        active = (await run(text(f"SELECT count(*) FROM rm_memberships WHERE regency_code = :r AND {ACTIVE}"),
                            params)).scalar()
        by_program = dict((await run(text(
            f"SELECT p, count(DISTINCT participant_id) FROM rm_memberships, unnest(programs) p "
            f"WHERE regency_code = :r AND {ACTIVE} GROUP BY p ORDER BY p"), params)).all())
        by_category = dict((await run(text(
            "SELECT category, count(*) FROM rm_participants WHERE regency_code = :r GROUP BY category ORDER BY 1"),
            params)).all())
        by_sex = dict((await run(text(
            "SELECT sex, count(*) FROM rm_participants WHERE regency_code = :r GROUP BY sex ORDER BY 1"),
            params)).all())
        aid_funded = (await run(text(
            f"SELECT count(DISTINCT participant_id) FROM rm_memberships WHERE regency_code = :r AND funding = 'aid' "
            f"AND {ACTIVE}"), params)).scalar()
        watermark = (await run(text("SELECT newest_event_at, events_applied FROM rm_watermarks WHERE regency_code = :r"),
                               params)).first()
    return {
        "regency_code": regency_code, "as_of": params["today"].isoformat(),
        "participants": participants, "active_memberships": active, "by_program": by_program,
        "by_category": by_category, "by_sex": by_sex, "aid_funded": aid_funded,
        "newest_event_at": watermark.newest_event_at.isoformat() if watermark else None,
        "events_applied": watermark.events_applied if watermark else 0,
    }
