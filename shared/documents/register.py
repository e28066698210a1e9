"""The document register (one mechanism; each service that issues documents has its own table,
built from `DocumentColumns`). An official document is generated ONCE: the first request allocates
its number (the regency's pattern, sequence per year and office), takes the signer in office that
day, renders the file, hashes it (SHA-256) and stores it; every later request for the same
document answers the stored bytes, so two downloads are byte-identical. A second format of the
same document (a decree's XLSX beside its PDF) keeps the number, date and signer of the first."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Text, Uuid, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .numbering import document_number
from .profile import DocumentsPart, Office, Signer, documents_profile
from .signing import sign_pdf

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand


class DocumentColumns:
    """Mixin of a service's register table (`class DocumentRecord(DocumentColumns, Base)`)."""

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return "documents"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    regency_code: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)          # what it records, e.g. "case:<id>:warning:1"
    media_type: Mapped[str] = mapped_column(Text)
    number: Mapped[str] = mapped_column(Text)
    office: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    signer_name: Mapped[str] = mapped_column(Text)
    signer_nip: Mapped[str | None] = mapped_column(Text)
    signer_position: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    verification_code: Mapped[str] = mapped_column(Text)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


@dataclass(frozen=True)
class Stamp:
    """What the register fixes before rendering: the renderer prints exactly this."""

    number: str
    issued_on: dt.date
    title: str
    office: Office
    signer: Signer
    verification_code: str
    place: str


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    file_name: str


Render = Callable[[Stamp], Rendered | Awaitable[Rendered]]


async def issue_once(session: AsyncSession, model: type, *, regency_code: str, kind: str, subject: str,
                     media_type: str, day: dt.date, render: Render, title: str | None = None,
                     number: str | None = None):
    """The stored document, issuing it first when it was never issued (`title` replaces the kind's
    title, e.g. the report's own; `number` is the act's own number where the act was numbered
    when it was decided, e.g. a decree: the register then records it and takes no sequence).
    The caller commits."""
    existing = await _find(session, model, regency_code, kind, subject, media_type)
    if existing is not None:
        return existing
    profile = documents_profile(regency_code)
    spec = profile.kind(kind)
    await _lock(session, model, regency_code, spec.office)
    existing = await _find(session, model, regency_code, kind, subject, media_type)
    if existing is not None:
        return existing
    sibling = await _find(session, model, regency_code, kind, subject, None)
    stamp, sequence = (_stamp_of(sibling, profile, spec) if sibling is not None
                       else await _new_stamp(session, model, profile, regency_code, kind, day, number))
    if title and sibling is None:
        stamp = replace(stamp, title=title)
    rendered = render(stamp)
    if not isinstance(rendered, Rendered):
        rendered = await rendered
    if rendered.media_type == "application/pdf":  # signed once, before hashing: the hash is the signed file's
        rendered = replace(rendered, content=await sign_pdf(rendered.content, regency_code, reason=stamp.title,
                                                      location=stamp.place))
    record = model(regency_code=regency_code, kind=kind, subject=subject, media_type=rendered.media_type,
                   number=stamp.number, office=spec.office, year=stamp.issued_on.year, sequence=sequence,
                   issued_on=stamp.issued_on, title=stamp.title, signer_name=stamp.signer.name,
                   signer_nip=stamp.signer.nip, signer_position=stamp.signer.position, file_name=rendered.file_name,
                   sha256=hashlib.sha256(rendered.content).hexdigest(), verification_code=stamp.verification_code,
                   content=rendered.content)
    session.add(record)
    await session.flush()
    return record


async def stored_content(session: AsyncSession, model: type, record) -> bytes:
    return (await session.execute(select(model.content).where(model.id == record.id))).scalar_one()


async def _find(session, model, regency_code, kind, subject, media_type):
    statement = select(model).where(model.regency_code == regency_code, model.kind == kind,
                                    model.subject == subject).order_by(model.created_at)
    if media_type is not None:
        statement = statement.where(model.media_type == media_type)
    return (await session.execute(statement.limit(1))).scalar_one_or_none()


async def _lock(session, model, regency_code: str, office: str) -> None:
    """One issuer at a time per regency and office: sequences never repeat or skip."""
    key = f"{model.__tablename__}:{regency_code}:{office}"
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


async def _new_stamp(session, model, profile: DocumentsPart, regency_code: str, kind: str,
                     day: dt.date, number: str | None = None) -> tuple[Stamp, int]:
    spec = profile.kind(kind)
    office = profile.offices[spec.office]
    sequence = 0
    if number is None:
        last = (await session.execute(select(func.max(model.sequence)).where(
            model.regency_code == regency_code, model.office == spec.office, model.year == day.year))).scalar()
        sequence = (last or 0) + 1
        number = document_number(profile.numbering, classification=spec.classification, sequence=sequence,
                                 office=office.code, day=day)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return Stamp(number, day, spec.title, office, profile.signer_on(spec.signer, day), code, office.place), sequence


def _stamp_of(record, profile: DocumentsPart, spec) -> tuple[Stamp, int]:
    office = profile.offices[record.office]
    signer = Signer(name=record.signer_name, nip=record.signer_nip, position=record.signer_position,
                    **{"from": record.issued_on})
    return Stamp(record.number, record.issued_on, record.title, office, signer, record.verification_code,
                 office.place), record.sequence


def register_item(record) -> dict:
    """A register row as the list and the verification answer show it (no content, no personal data)."""
    return {"id": record.id, "regency_code": record.regency_code, "kind": record.kind, "title": record.title,
            "number": record.number, "issued_on": record.issued_on, "media_type": record.media_type,
            "file_name": record.file_name, "sha256": record.sha256,
            "signer": {"name": record.signer_name, "nip": record.signer_nip, "position": record.signer_position}}


def create_documents_table(bind) -> None:
    """Migrations create the register table from the same columns as the model (one definition)."""
    from sqlalchemy.orm import DeclarativeBase

    class _Base(DeclarativeBase):
        pass

    class _Documents(DocumentColumns, _Base):
        __table_args__ = document_table_args()

    _Documents.__table__.create(bind)


def document_table_args() -> tuple:
    from sqlalchemy import Index, UniqueConstraint

    return (UniqueConstraint("regency_code", "kind", "subject", "media_type", name="documents_once"),
            UniqueConstraint("verification_code", "media_type", name="documents_code"),
            Index("documents_by_office_year", "regency_code", "office", "year"),
            Index("documents_listing", "regency_code", "created_at", "id"))
