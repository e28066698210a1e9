"""The reporting service's document register (periodic reports), built by shared.documents."""
from __future__ import annotations

from reporting.database import Base
from shared.documents import DocumentColumns, document_table_args


class DocumentRecord(DocumentColumns, Base):
    __table_args__ = document_table_args()
