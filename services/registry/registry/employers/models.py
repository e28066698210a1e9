"""Employers (pemberi kerja), registered by a clerk or upserted from the OSS/PTSP feed."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base


class Employer(Base):
    __tablename__ = "employers"
    __table_args__ = (UniqueConstraint("regency_code", "nib", name="employers_one_nib_per_regency"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    name: Mapped[str] = mapped_column(Text)
    nib: Mapped[str] = mapped_column(String(13))
    # a business NPWP (starts with 0) is public; a person's NPWP is their NIK: kept sealed
    npwp: Mapped[str | None] = mapped_column(String(16))
    npwp_cipher: Mapped[str | None] = mapped_column(Text)
    npwp_masked: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    business_scale: Mapped[str] = mapped_column(String(16))
    sector: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(Text)
    bpjs_registration_number: Mapped[str | None] = mapped_column(Text)
    workers: Mapped[int | None] = mapped_column(Integer)
    # expected workforce by sex from OSS's receiveNIB (jumlah_tki/tka_l/p): a coverage denominator
    expected_workers_male: Mapped[int | None] = mapped_column(Integer)
    expected_workers_female: Mapped[int | None] = mapped_column(Integer)
    expected_foreign_workers: Mapped[int | None] = mapped_column(Integer)
    # OSS RBA identity and licensing authority: oss_id, kd_daerah (10 digits, undotted), kewenangan
    oss_id: Mapped[str | None] = mapped_column(String(25))
    region_code: Mapped[str | None] = mapped_column(String(10))
    kewenangan: Mapped[str | None] = mapped_column(String(2))
    kbli: Mapped[list | None] = mapped_column(JSON)
    # set while a ComplianceGapDetected is outstanding (cleared by ComplianceRestored)
    compliance_gap_since: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))  # registry | oss
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
