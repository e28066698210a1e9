"""Coverage read model, built only from events (so a replay rebuilds it from nothing). Each
row is written so that events for one aggregate may arrive in any order: a participant's
attributes are nullable until its registration arrives."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ARRAY, BigInteger, Date, DateTime, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reporting.database import Base


class CoverageParticipant(Base):
    __tablename__ = "rm_participants"

    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    worker_type: Mapped[str | None] = mapped_column(String(3))
    category: Mapped[str | None] = mapped_column(Text)
    occupation: Mapped[str | None] = mapped_column(Text)
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    district_code: Mapped[str | None] = mapped_column(String(6))
    village_code: Mapped[str | None] = mapped_column(String(13))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    registered_on: Mapped[dt.date | None] = mapped_column(Date)   # null until ParticipantRegistered arrives
    # occurred_at of the newest ParticipantUpdated applied: an older one arriving late is ignored
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CoverageMembership(Base):
    __tablename__ = "rm_memberships"

    membership_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    programs: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    funding: Mapped[str | None] = mapped_column(String(16))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)


class RegencyWatermark(Base):
    """The newest event reflected per regency and producer (docs/API.md §10: the regency's
    figure is the newest over its producers)."""

    __tablename__ = "rm_watermarks"

    regency_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    source: Mapped[str] = mapped_column(Text, primary_key=True)
    newest_event_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    events_applied: Mapped[int] = mapped_column(BigInteger, default=0)


class CoverageMonth(Base):
    """Coverage at each month end, for the history chart. Derived from the two tables above
    (so a rebuild reproduces it); refreshed when the read model moved since the last refresh."""

    __tablename__ = "rm_coverage_months"

    regency_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)   # first day of the month
    participants: Mapped[int] = mapped_column(Integer)
    active_memberships: Mapped[int] = mapped_column(Integer)
    events_applied: Mapped[int] = mapped_column(BigInteger)   # the read model's state it reflects
