"""The aid service's own view of participants, built only from registry and eligibility
events (order-tolerant upserts: any of them may arrive first). No NIK, no name: a person is
a participant id with the facts aid decisions need."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, Index, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from contribution_aid.database import Base

ACTIVE = "active"


class AidParticipant(Base):
    __tablename__ = "aid_participants"

    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    category: Mapped[str | None] = mapped_column(Text)
    village_code: Mapped[str | None] = mapped_column(String(13))
    village_kind: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)  # active / terminated / deceased
    termination_reason: Mapped[str | None] = mapped_column(Text)
    terminated_on: Mapped[dt.date | None] = mapped_column(Date)
    recommended_reason: Mapped[str | None] = mapped_column(Text)  # re-verification said: remove
    recommended_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # occurred_at of the registry event that set category/village: an older one arriving late is ignored
    attributes_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AidEvaluation(Base):
    """The newest evaluation per participant and scheme."""

    __tablename__ = "aid_evaluations"
    __table_args__ = (Index("aid_evaluations_by_scheme", "regency_code", "scheme", "outcome"),)

    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    scheme: Mapped[str] = mapped_column(Text, primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    evaluation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    outcome: Mapped[str] = mapped_column(String(24))
    as_of: Mapped[dt.date] = mapped_column(Date)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AidMembership(Base):
    """Memberships, to know who is protected other than by aid (self or employer funded)."""

    __tablename__ = "aid_memberships"

    membership_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    funding: Mapped[str | None] = mapped_column(String(16))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
