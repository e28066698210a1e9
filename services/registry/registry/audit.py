"""Audit trail of personal-data reads and exports (who, whose, when, why): rows of the shared
`audit_log` (shared/audit.py) naming the person and the client; `personal_data_access` is a view
over those rows (migration 0007)."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from shared import audit
from shared.auth import Client


async def record_access(session: AsyncSession, client: Client, subjects: Iterable[uuid.UUID], *, purpose: str,
                        fields: list[str], request_id: str | None, subject_kind: str = "participant",
                        regency_code: str | None = None) -> None:
    """One audit row per person whose personal data the client is about to receive. A person must
    have stated a purpose (X-Lindung-Purpose); the request id comes from the request context."""
    del request_id  # the audit takes the id the request middleware bound (shared/http.py)
    await audit.record_reads(session, client, subjects, subject_kind=subject_kind, purpose=purpose, fields=fields,
                             regency_code=regency_code)
