"""Audit trail of personal-data reads and exports (who, whose, when, why)."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import JSON, BigInteger, DateTime, Text, Uuid, func, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shared.auth import Client
from shared.http import request_id_var


class PersonalDataAccess(Base):
    __tablename__ = "personal_data_access"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(Text)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    purpose: Mapped[str] = mapped_column(Text)
    fields: Mapped[list] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(Text)
    accessed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


async def record_access(session: AsyncSession, client: Client, subjects: Iterable[uuid.UUID], *, purpose: str,
                        fields: list[str], request_id: str | None) -> None:
    """One audit row per person whose personal data the client is about to receive."""
    request_id = request_id or request_id_var.get()
    rows = [{"client": client.name, "subject_id": s, "purpose": purpose, "fields": fields, "request_id": request_id}
            for s in subjects]
    if rows:
        await session.execute(insert(PersonalDataAccess), rows)
