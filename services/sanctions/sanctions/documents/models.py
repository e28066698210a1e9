"""The sanctions service's document register (letters of cases), built by shared.documents."""
from __future__ import annotations

from sanctions.database import Base
from shared.documents import DocumentColumns, document_table_args


class DocumentRecord(DocumentColumns, Base):
    __table_args__ = document_table_args()
