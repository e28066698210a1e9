"""Membership history: one row per version of a programme membership, never updated. A
termination appends a new version with the end date; the earlier version stays."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base


class MembershipVersion(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("membership_id", "version", name="memberships_one_row_per_version"),)

    row_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    membership_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # one programme of one participant
    version: Mapped[int] = mapped_column(Integer)
    # the programmes started together (one request or one BPJS report): the membership the
    # MembershipStarted / MembershipTerminated events name
    enrollment_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    programme: Mapped[str] = mapped_column(String(3))
    start_date: Mapped[dt.date] = mapped_column(Date)
    funding: Mapped[str] = mapped_column(String(16))
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    decree_number: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # registry | bpjs_sync
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
