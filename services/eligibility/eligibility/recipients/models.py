"""A mirror of the registry's participants and memberships, built only from events (a replay
rebuilds it), so re-verification knows the active aid recipients; and the termination
recommendations made, one per participant, reason and quarter."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from eligibility.database import Base


class Recipient(Base):
    """A participant as the registry announced it (attributes null until ParticipantRegistered
    arrives: a membership event may be applied first)."""

    __tablename__ = "recipients"

    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    worker_type: Mapped[str | None] = mapped_column(String(3))
    category: Mapped[str | None] = mapped_column(Text)
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    village_code: Mapped[str | None] = mapped_column(String(13))
    registered_on: Mapped[dt.date | None] = mapped_column(Date)


class RecipientMembership(Base):
    __tablename__ = "recipient_memberships"

    membership_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    funding: Mapped[str | None] = mapped_column(String(16))
    programs: Mapped[list | None] = mapped_column(JSONB)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)


class ReverificationRun(Base):
    __tablename__ = "reverification_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    quarter: Mapped[str] = mapped_column(String(7))
    requested_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    summary: Mapped[dict] = mapped_column(JSONB)


class TerminationRecommendation(Base):
    __tablename__ = "termination_recommendations"
    __table_args__ = (UniqueConstraint("participant_id", "reason", "quarter", name="termination_once_per_quarter"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    reason: Mapped[str] = mapped_column(Text)
    quarter: Mapped[str] = mapped_column(String(7))
    regency_code: Mapped[str] = mapped_column(String(4))
    scheme: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    citation: Mapped[str] = mapped_column(Text)
    run_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
