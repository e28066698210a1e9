"""Construction projects (jasa konstruksi) with their SPK and BPJS registration dates."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, Index, String, Text, Uuid, func, text
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base


class ConstructionProject(Base):
    __tablename__ = "construction_projects"
    # the daily overdue job looks only at projects still unregistered and unreported
    __table_args__ = (Index("construction_projects_awaiting_registration", "registration_deadline",
                            postgresql_where=text("bpjs_registered_on IS NULL AND overdue_reported_at IS NULL")),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    name: Mapped[str] = mapped_column(Text)
    contract_value: Mapped[int] = mapped_column(BigInteger)
    funding_source: Mapped[str] = mapped_column(String(16))
    spk_date: Mapped[dt.date] = mapped_column(Date)
    registration_deadline: Mapped[dt.date] = mapped_column(Date)
    bpjs_registered_on: Mapped[dt.date | None] = mapped_column(Date)
    # set when ConstructionRegistrationOverdue was emitted: at most once per project
    overdue_reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
