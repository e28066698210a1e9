"""The clearance read model (docs/API.md §9): the sanctions in force per employer, kept in the same
transaction as the case that imposes or lifts them, and the NIB of every employer the service
has heard of (EmployerRegistered events, cases)."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Index, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sanctions.database import Base


class ActiveSanctionRow(Base):
    __tablename__ = "active_sanctions"
    __table_args__ = (Index("active_sanctions_by_employer", "employer_id", "regency_code"),)

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    employer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    data: Mapped[dict] = mapped_column(JSONB)   # sanctions.domain.ActiveSanction.to_dict()


class KnownEmployer(Base):
    __tablename__ = "known_employers"
    __table_args__ = (Index("known_employers_by_nib", "nib", "regency_code"),)

    employer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    nib: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)   # registry kind: state | non_state
    name: Mapped[str | None] = mapped_column(Text)   # business name (EmployerRegistered v2), printed on letters
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
