"""Answers of the BPJS Ketenagakerjaan data exchange (shared/answers.py: the fields named here, possibly
more, exactly as the handler wrote them)."""
from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict

from shared.answers import Answer, RowErrorPage, Timestamp


class SyncBatchView(Answer):
    """Satu batch sinkronisasi kepesertaan / one membership-sync batch and its progress (`status`
    `applying`, `completed` or `failed`); `errors` is the path of its row errors."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "batch_id": "bpjs-2026-01-15-001", "status": "applying", "rows_applied": 0, "rows_rejected": 0,
        "rows_processed": 0, "last_row": 0, "size_bytes": 1048576, "received_at": "2026-01-15T08:00:00+00:00",
        "completed_at": None, "errors": "/v1/bpjs/membership-sync/bpjs-2026-01-15-001/errors"}]})
    batch_id: str
    status: str
    rows_applied: int
    rows_rejected: int
    rows_processed: int
    last_row: int
    size_bytes: int
    received_at: Timestamp | None
    completed_at: Timestamp | None
    errors: str


class SyncBatchErrors(RowErrorPage):
    batch_id: str


class RecipientField(Answer):
    field: str
    label: str
    citation: str | None


class Recipient(Answer):
    """One recipient: `change` (`added` by this decree or `continued`), the fields the regency's
    recipient list names (`fields`; personal ones only with `pii:read`, else masked or null) and the
    fields still missing."""

    participant_id: str
    change: str
    missing_fields: list[str]


class RecipientList(Answer):
    """Daftar penerima bantuan iuran sebuah SK / a decree's aid recipients as BPJS registers them;
    `complete` is false while some recipients are not (yet) known to the registry."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "decree_id": "7e57d004-2b97-4e2a-8f1c-3d5b6a7c8d9e", "decree_number": "188.45/12/2026",
        "decree_date": "2026-01-15", "regency_code": "6207", "scheme": "aid_recipient_verification",
        "expected_recipients": 1, "complete": True, "unknown_participants": 0,
        "fields": [{"field": "nik", "label": "NIK", "citation": None}], "count": 1,
        "items": [{"participant_id": "1c8e6a2b-4d3f-4e5a-9b7c-8d9e0f1a2b3c", "change": "added",
                   "nik": "620701******0001", "missing_fields": []}]}]})
    decree_id: str
    decree_number: str
    decree_date: dt.date
    regency_code: str
    scheme: str
    expected_recipients: int
    complete: bool
    unknown_participants: int
    fields: list[RecipientField]
    count: int
    items: list[Recipient]
