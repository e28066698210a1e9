"""NIK → participant id for one regency, for services that hold no NIK (the aid service matching a
BPJS invoice that is imported per NIK).

Answering "is this NIK registered, and as whom" for many NIKs at once is an oracle over the
register, so (docs/API.md §7): only clients with `pii:read` or the dedicated `registry:resolve`
scope (the aid service's own client) may ask; at most `MAX_NIKS` per call; every call is audited
(who, regency, how many asked, how many found) and every person found gets an access row; and
the answer names no NIK: `participant_ids[i]` answers `niks[i]` (null when not registered)."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, DateTime, String, Text, any_, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from registry.audit import record_access
from registry.database import Base
from registry.participants.models import Participant
from registry.protection import Vault
from shared.auth import Client
from shared.http import request_id_var

INVOICE_MATCHING = "pencocokan tagihan BPJS"
MAX_NIKS = 20_000  # per call; the aid service sends a larger invoice in several calls
SCOPES = ("pii:read", "registry:resolve")


class NikResolution(Base):
    """One row per resolve call: who asked, for which regency, how many NIKs, how many found."""

    __tablename__ = "nik_resolutions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(Text)
    regency_code: Mapped[str] = mapped_column(String(4))
    requested: Mapped[int] = mapped_column(BigInteger)
    resolved: Mapped[int] = mapped_column(BigInteger)
    request_id: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


async def resolve_niks(sessions: async_sessionmaker, vault: Vault, client: Client, regency_code: str,
                       niks: list[str], *, request_id: str | None) -> dict:
    """`{"participant_ids": [id or None per NIK, in order], "resolved": n, "unknown": n}`. Invalid
    NIKs are never registered, hence simply unknown."""
    client.require_regency(regency_code)
    indexes = [vault.nik_index(nik.strip()) if _plausible(nik.strip()) else None for nik in niks]
    wanted = sorted({i for i in indexes if i is not None})
    async with sessions() as session, session.begin():
        rows = (await session.execute(select(Participant.nik_index, Participant.id).where(
            Participant.regency_code == regency_code,
            Participant.nik_index == any_(bindparam(None, wanted, type_=ARRAY(String)))))).all() if wanted else []
        found: dict[str, uuid.UUID] = dict(rows)
        await record_access(session, client, found.values(), purpose=INVOICE_MATCHING, fields=["nik"],
                            request_id=request_id, regency_code=regency_code)
        await session.execute(insert(NikResolution).values(
            client=client.name, regency_code=regency_code, requested=len(niks), resolved=len(found),
            request_id=request_id or request_id_var.get()))
    ids = [str(found[i]) if i in found else None for i in indexes]
    resolved = sum(1 for i in ids if i is not None)
    return {"participant_ids": ids, "resolved": resolved, "unknown": len(ids) - resolved}


def _plausible(nik: str) -> bool:
    """Only 16-digit strings can be registered; anything else needs no index computed."""
    return len(nik) == 16 and nik.isascii() and nik.isdigit()
