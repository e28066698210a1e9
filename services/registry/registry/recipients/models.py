"""Aid-recipient decrees as contribution-aid announces them (DecreeIssued): who each decree
added to and removed from its scheme's list. The list a decree fixes is folded from these."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, Integer, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

ADDED, REMOVED = "added", "removed"


class AidDecree(Base):
    __tablename__ = "aid_decrees"
    __table_args__ = (Index("aid_decrees_by_scheme", "regency_code", "scheme", "decree_date"),)

    decree_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    decree_number: Mapped[str] = mapped_column(Text)
    decree_date: Mapped[dt.date] = mapped_column(Date)
    scheme: Mapped[str] = mapped_column(Text)
    recipients: Mapped[int] = mapped_column(Integer)
    # arrival order breaks ties between decrees of one scheme dated the same day
    received_seq: Mapped[int] = mapped_column(BigInteger, Identity())
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AidDecreeChange(Base):
    __tablename__ = "aid_decree_changes"

    decree_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    change: Mapped[str] = mapped_column(String(8))  # added | removed
