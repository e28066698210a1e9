"""NIK → participant id for one regency, for services that hold no NIK (the aid service matching a
BPJS invoice that is imported per NIK)."""
from __future__ import annotations

from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import async_sessionmaker

from registry.audit import record_access
from registry.participants.models import Participant
from registry.protection import Vault
from shared.auth import Client

INVOICE_MATCHING = "pencocokan tagihan BPJS"


async def resolve_niks(sessions: async_sessionmaker, vault: Vault, client: Client, regency_code: str,
                       niks: list[str], *, request_id: str | None) -> dict:
    """`{"resolved": {nik: participant id}, "unknown": count}` for the NIKs registered in the regency.

    The answer pairs NIKs the caller already holds with ids, so it discloses no personal data the
    caller did not send: a client without `pii:read` may use it unaudited (it sees nothing it could
    not learn from `GET /v1/participants?nik=` with masked output). A client with `pii:read` is
    audited once per resolved person, as every use of that scope is, so the trail shows the match.
    Invalid NIKs are never registered, hence simply unknown."""
    client.require_regency(regency_code)
    distinct = {nik.strip() for nik in niks}
    wanted = {vault.nik_index(nik): nik for nik in distinct if _plausible(nik)}
    async with sessions() as session, session.begin():
        rows = (await session.execute(select(Participant.nik_index, Participant.id).where(
            Participant.regency_code == regency_code,
            Participant.nik_index == any_(bindparam(None, list(wanted), type_=ARRAY(String)))))).all()
        if client.has("pii:read"):
            await record_access(session, client, [pid for _, pid in rows], purpose=INVOICE_MATCHING,
                                fields=["nik"], request_id=request_id, regency_code=regency_code)
    resolved = {wanted[index]: str(pid) for index, pid in rows}
    return {"resolved": resolved, "unknown": len(distinct) - len(resolved)}


def _plausible(nik: str) -> bool:
    """Only 16-digit strings can be registered; anything else needs no index computed."""
    return len(nik) == 16 and nik.isascii() and nik.isdigit()
