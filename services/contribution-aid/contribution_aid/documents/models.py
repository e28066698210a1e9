"""The contribution-aid service's document register (decrees and their lampiran), built by shared.documents."""
from __future__ import annotations

from contribution_aid.database import Base
from shared.documents import DocumentColumns, document_table_args


class DocumentRecord(DocumentColumns, Base):
    __table_args__ = document_table_args()
