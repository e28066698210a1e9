"""Participant table. NIK, mother's maiden name, address and coordinates are stored only
encrypted; NIK lookups go through a keyed blind index."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("regency_code", "nik_index", name="participants_one_nik_per_regency"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    # not unique across regencies: a person who moved is registered in each (BPJS sync links all)
    nik_index: Mapped[str] = mapped_column(String(64), index=True)
    nik_cipher: Mapped[str] = mapped_column(Text)
    nik_masked: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(Text)
    birth_place: Mapped[str] = mapped_column(Text)
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    mother_maiden_name_cipher: Mapped[str] = mapped_column(Text)
    address_cipher: Mapped[str] = mapped_column(Text)
    coordinates_cipher: Mapped[str | None] = mapped_column(Text)
    village_code: Mapped[str | None] = mapped_column(String(13))
    village_kind: Mapped[str | None] = mapped_column(String(16))  # desa | kelurahan
    worker_type: Mapped[str] = mapped_column(String(3))
    category: Mapped[str] = mapped_column(Text)
    occupation: Mapped[str | None] = mapped_column(Text)
    employer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    registered_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
