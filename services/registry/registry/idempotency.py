"""Idempotency-Key for POSTs (docs/API.md §7): a retried request gets the first answer.

The key is claimed first, inside the request's transaction (INSERT ... ON CONFLICT DO
NOTHING): a concurrent request with the same key waits on that row until the first commits,
then reads its answer instead of doing the work again (and instead of a 409). A failed request
rolls its claim back, so a retry is evaluated afresh."""
from __future__ import annotations

import datetime as dt
import hashlib

import orjson
from sqlalchemy import DateTime, Integer, String, Text, bindparam, exists, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shared.auth import Client
from shared.problems import InvalidInput

PENDING = 0


class IdempotencyRecord(Base):
    """The first answer to a POST carrying an Idempotency-Key, per client and key."""

    __tablename__ = "idempotency_keys"

    client: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    response: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


def request_hash(operation: str, body: dict) -> str:
    """Of the operation and the body, so a key reused on another endpoint is 'another body'."""
    return hashlib.sha256(operation.encode() + orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


class Idempotency:
    """`replay = await idem.claim(session)`; when None, do the work and `await idem.remember(...)`."""

    def __init__(self, client: Client, key: str | None, operation: str, body: dict):
        self.client, self.key = client.name, key
        self.digest = request_hash(operation, body) if key else ""

    async def claim(self, session: AsyncSession) -> tuple[int, dict] | None:
        if not self.key:
            return None
        claimed = await session.execute(insert(IdempotencyRecord).values(
            client=self.client, key=self.key, request_hash=self.digest, status_code=PENDING, response={},
        ).on_conflict_do_nothing().returning(IdempotencyRecord.key))
        if claimed.first() is not None:
            return None
        previous = (await session.execute(select(IdempotencyRecord.request_hash, IdempotencyRecord.status_code,
                                                 IdempotencyRecord.response).where(
            IdempotencyRecord.client == self.client, IdempotencyRecord.key == self.key))).one()
        if previous.request_hash != self.digest:
            raise InvalidInput("Idempotency-Key was already used with a different request body",
                               errors=[{"field": "Idempotency-Key", "message": "reused with another body"}],
                               slug="idempotency-key-reused")
        return previous.status_code, previous.response

    @staticmethod
    def remembering(*, gate=None):
        """The statement storing the answer, built once (`remember_params` gives its values); with
        `gate` (a CTE of the caller's statement), only when the gate yields a row, so a hot write
        folds it into its own statement."""
        where = [IdempotencyRecord.client == bindparam("idem_client", type_=Text),
                 IdempotencyRecord.key == bindparam("idem_key", type_=Text)]
        if gate is not None:
            where.append(exists(select(1).select_from(gate)))
        return update(IdempotencyRecord).where(*where).values(
            status_code=bindparam("idem_status", type_=Integer), response=bindparam("idem_response", type_=JSONB))

    def remember_params(self, status_code: int, response: dict) -> dict:
        return {"idem_client": self.client, "idem_key": self.key, "idem_status": status_code, "idem_response": response}

    async def remember(self, session: AsyncSession, status_code: int, response: dict) -> None:
        if self.key:
            await session.execute(_REMEMBER, self.remember_params(status_code, response))


_REMEMBER = Idempotency.remembering()
