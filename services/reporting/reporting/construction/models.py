"""Construction read model (from `lindung.registry`): projects and their BPJS registration
against the deadline, and employers (to name the business behind an overdue project)."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reporting.database import Base


class ConstructionProject(Base):
    __tablename__ = "rm_construction_projects"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    contract_value: Mapped[int | None] = mapped_column(BigInteger)
    funding_source: Mapped[str | None] = mapped_column(Text)
    spk_date: Mapped[dt.date] = mapped_column(Date)
    registration_deadline: Mapped[dt.date] = mapped_column(Date)
    bpjs_registered_on: Mapped[dt.date | None] = mapped_column(Date)
    overdue_reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Employer(Base):
    __tablename__ = "rm_employers"

    employer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    nib: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)   # business name (EmployerRegistered v2); not personal data
    kind: Mapped[str] = mapped_column(Text)
    business_scale: Mapped[str] = mapped_column(Text)
    sector: Mapped[str] = mapped_column(Text)
    workers: Mapped[int | None] = mapped_column(Integer)
