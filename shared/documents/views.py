"""The register's HTTP side, one router factory for every service that issues documents:
`GET /v1/documents` (the register list per regency, §13 paging), `GET /v1/documents/{id}` (the
stored file, byte-identical every time) and the public `GET /v1/documents/verify/{code}` (number,
date, signer and SHA-256 of a document, nothing about its subject)."""
from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from shared.app import runtime_of
from shared.auth import Client, require
from shared.paging import Page, Paging, keyset, only_params, page_of, paging
from shared.problems import NotFound

from .register import register_item, stored_content


class SignerOut(BaseModel):
    name: str
    nip: str | None
    position: str


class DocumentOut(BaseModel):
    """One register entry / satu entri register dokumen."""

    id: uuid.UUID
    regency_code: str
    kind: str
    title: str
    number: str
    issued_on: dt.date
    media_type: str
    file_name: str
    sha256: str = Field(description="SHA-256 of the stored file (hex)")
    signer: SignerOut


class Verification(BaseModel):
    """What the verification code confirms / hasil verifikasi dokumen (no personal data)."""

    valid: bool
    number: str
    issued_on: dt.date
    title: str
    regency_code: str
    signer_name: str
    signer_position: str
    sha256: list[str] = Field(description="SHA-256 of each stored format of the document")


# what the register holds: signed letters and decrees (PDF), reports and recipient lists (XLSX)
ISSUED_MEDIA_TYPES = ("application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "application/octet-stream")


def documents_router(model: type, read_scope: str) -> APIRouter:
    router = APIRouter(tags=["documents"])

    @router.get("/documents", response_model=Page[DocumentOut])
    async def list_documents(request: Request, regency_code: str = Query(pattern=r"^\d{4}$"),
                             kind: str | None = Query(default=None, pattern=r"^[a-z_]{1,64}$"),
                             year: int | None = Query(default=None, ge=1990, le=2100),
                             page: Paging = Depends(paging), client: Client = Depends(require(read_scope))):
        """The register of official documents issued in a regency, oldest first (filters: kind, year)."""
        only_params(request, {"regency_code", "kind", "year"})
        client.require_regency(regency_code)
        statement = select(model).where(model.regency_code == regency_code)
        if kind:
            statement = statement.where(model.kind == kind)
        if year:
            statement = statement.where(model.year == year)
        async with runtime_of(request).sessions() as session:
            rows = (await session.execute(keyset(statement, (model.created_at, model.id), page))).scalars().all()
        return page_of(rows, page, lambda r: (r.created_at, r.id), register_item)

    @router.get("/documents/verify/{code}", response_model=Verification)
    async def verify(request: Request, code: str = Path(pattern=r"^[A-Z2-9]{12}$")):
        """Public: is this a document the regency issued? Answers its number, date, signer and hash."""
        async with runtime_of(request).sessions() as session:
            rows = (await session.execute(select(model).where(model.verification_code == code)
                                          .order_by(model.created_at))).scalars().all()
        if not rows:
            raise NotFound("Kode verifikasi tidak dikenal / unknown verification code")
        first = rows[0]
        return Verification(valid=True, number=first.number, issued_on=first.issued_on, title=first.title,
                            regency_code=first.regency_code, signer_name=first.signer_name,
                            signer_position=first.signer_position, sha256=[r.sha256 for r in rows])

    @router.get("/documents/{document_id}", response_class=Response,
                responses={200: {"content": {media: {} for media in ISSUED_MEDIA_TYPES}}})
    async def download(document_id: uuid.UUID, request: Request, client: Client = Depends(require(read_scope))):
        """The stored file, exactly as issued."""
        async with runtime_of(request).sessions() as session:
            row = await session.get(model, document_id)
            if row is None:
                raise NotFound(f"Document {document_id} not found")
            client.require_regency(row.regency_code)
            content = await stored_content(session, model, row)
        return Response(content, media_type=row.media_type, headers={
            "Content-Disposition": f'inline; filename="{row.file_name}"', "X-Document-Number": row.number,
            "X-Content-SHA256": row.sha256})

    return router
