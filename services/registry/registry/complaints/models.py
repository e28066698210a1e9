"""Complaint tables: the complaint, its timeline, its escalations (one per stage), data-subject
requests and the breach register. The complainant's name, contact and the description are personal
data: sealed (AES-GCM bound to table and column), never in events or logs."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(64))
    lapor_tracking_id: Mapped[str | None] = mapped_column(Text)
    complainant_name_cipher: Mapped[str | None] = mapped_column(Text)
    complainant_contact_cipher: Mapped[str | None] = mapped_column(Text)
    complainant_participant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    complainant_employer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    subject_kind: Mapped[str | None] = mapped_column(String(16))
    subject_id: Mapped[str | None] = mapped_column(Text)
    description_cipher: Mapped[str] = mapped_column(Text)
    received_on: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(32), index=True)
    stage_since: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee: Mapped[str | None] = mapped_column(Text, index=True)
    office: Mapped[str | None] = mapped_column(Text)
    escalated_to: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(32))
    decision_citation: Mapped[str | None] = mapped_column(Text)
    letter_number: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))  # manual | automatic
    # the finding an automatic complaint comes from; unique so a finding opens one complaint
    finding_key: Mapped[str | None] = mapped_column(Text, unique=True)
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ComplaintEntry(Base):
    """One line of a complaint's timeline (received, assigned, note, decided, escalated, closed)."""

    __tablename__ = "complaint_entries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(Text)
    text_cipher: Mapped[str | None] = mapped_column(Text)  # notes and reasons may name people: sealed
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ComplaintEscalation(Base):
    """A stage found overdue, escalated once (the daily job's idempotency)."""

    __tablename__ = "complaint_escalations"
    __table_args__ = (UniqueConstraint("complaint_id", "stage", name="complaint_escalated_once_per_stage"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"))
    stage: Mapped[str] = mapped_column(String(32))
    due_date: Mapped[dt.date] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date)
    escalated_to: Mapped[str] = mapped_column(Text)


class DataSubjectRequest(Base):
    """A request under UU 27/2022 (access, correction, restriction, consent withdrawal)."""

    __tablename__ = "data_subject_requests"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    nik_index: Mapped[str] = mapped_column(Text, index=True)
    nik_masked: Mapped[str] = mapped_column(String(16))
    details_cipher: Mapped[str | None] = mapped_column(Text)
    routed_to: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # open | answered
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    citation: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(Text)
    # a correction's new values, sealed (never in a proposal), and the version a proposal names
    correction_cipher: Mapped[str | None] = mapped_column(Text)
    correction_version: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    resolution: Mapped[dict | None] = mapped_column(JSON)  # what answered it: ids and field names only


class Breach(Base):
    """The breach register: what happened, whom it touches, and the 3 x 24-hour notice."""

    __tablename__ = "personal_data_breaches"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    discovered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    notify_by: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    description_cipher: Mapped[str] = mapped_column(Text)
    data_kinds: Mapped[list] = mapped_column(JSON)
    subjects_affected: Mapped[int] = mapped_column(BigInteger)
    citation: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)


class TerminationContest(Base):
    """A participant contesting a termination or a recommended one: recorded once per target
    (`contest_key`), with the automatic complaint it opened and the article of the regency's
    `wrongly_terminated` category. The person's grounds are sealed."""

    __tablename__ = "termination_contests"
    __table_args__ = (UniqueConstraint("participant_id", "contest_key", name="termination_contested_once"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4))
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    target: Mapped[str] = mapped_column(String(16))  # termination | recommendation
    contest_key: Mapped[str] = mapped_column(Text)
    membership_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the enrollment the termination closed
    reason: Mapped[str] = mapped_column(String(64))
    quarter: Mapped[str | None] = mapped_column(String(7))
    received_on: Mapped[dt.date] = mapped_column(Date)
    grounds_cipher: Mapped[str | None] = mapped_column(Text)
    citation: Mapped[str] = mapped_column(Text)
    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"))
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RecommendedTermination(Base):
    """A termination re-verification recommended (eligibility's TerminationRecommended, once per
    participant, reason and quarter): what a participant may contest before any decree."""

    __tablename__ = "recommended_terminations"

    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    reason: Mapped[str] = mapped_column(String(64), primary_key=True)
    quarter: Mapped[str] = mapped_column(String(7), primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(4))
    as_of: Mapped[dt.date] = mapped_column(Date)
    citation: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
