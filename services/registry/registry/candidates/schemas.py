"""Answers of the candidate-list import (shared/answers.py: the fields named here, possibly more,
exactly as the handler wrote them)."""
from __future__ import annotations

from pydantic import ConfigDict

from shared.answers import Answer, RowErrorPage, Timestamp


class CandidateImportView(Answer):
    """Impor daftar calon / a candidate-list import and its progress (`status` `running`, `completed`
    or `failed`; `rows_total` is an estimate from the line count until done); `errors` is the path of
    its row errors."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "2d4c6e8f-0a1b-4c3d-8e5f-6a7b8c9d0e1f", "regency_code": "6207", "data_source": "dtks",
        "status": "running", "rows_total": 200, "rows_done": 0, "rows_accepted": 0, "rows_merged": 0,
        "rows_rejected": 0, "created_at": "2026-01-15T08:00:00+00:00", "finished_at": None,
        "errors": "/v1/candidate-imports/2d4c6e8f-0a1b-4c3d-8e5f-6a7b8c9d0e1f/errors"}]})
    id: str
    regency_code: str
    data_source: str
    status: str
    rows_total: int | None
    rows_done: int
    rows_accepted: int
    rows_merged: int
    rows_rejected: int
    created_at: Timestamp | None
    finished_at: Timestamp | None
    errors: str


class CandidateImportErrors(RowErrorPage):
    import_id: str
