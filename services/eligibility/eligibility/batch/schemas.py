"""Answers of the batch evaluation (shared/answers.py: the fields named here, possibly more, exactly as
the handler wrote them)."""
from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field

from shared.answers import Answer, Timestamp

JOB_ID = "8c7b6a59-4e3d-4c2b-9a1f-0e9d8c7b6a59"


class BatchLinks(Answer):
    self: str
    errors: str
    results: str | None = Field(description="once the job is done")


class BatchCounts(Answer):
    eligible: int
    ineligible: int
    needs_information: int
    invalid: int


class BatchJobView(Answer):
    """Evaluasi massal / a batch evaluation: `status` `queued`, `running`, `done` or `failed`, rows done of
    the rows counted at upload, counts by outcome, row errors so far, and where to read on."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": JOB_ID, "status": "queued", "regency_code": "6207", "scheme": "bpu_registration",
        "as_of": "2026-01-15", "format": "csv", "requested_by": "dinas-6207", "created_at": "2026-01-15T08:00:00+00:00",
        "started_at": None, "finished_at": None, "rows_total": 300, "rows_done": 0,
        "counts": {"eligible": 0, "ineligible": 0, "needs_information": 0, "invalid": 0}, "row_errors": 0,
        "error": None, "regulation_id": "lamandau-perbup-25-2024", "profile_version": "6207@2026-01-01",
        "upload_bytes": 20480, "attempts": 0,
        "links": {"self": f"/v1/batch-evaluations/{JOB_ID}", "errors": f"/v1/batch-evaluations/{JOB_ID}/errors",
                  "results": None}}]})
    id: str
    status: str
    regency_code: str
    scheme: str
    as_of: dt.date
    format: str
    requested_by: str
    created_at: Timestamp | None
    started_at: Timestamp | None
    finished_at: Timestamp | None
    rows_total: int | None
    rows_done: int
    counts: BatchCounts
    row_errors: int
    error: str | None
    regulation_id: str | None
    profile_version: str | None
    upload_bytes: int
    attempts: int
    links: BatchLinks


class FieldError(Answer):
    field: str
    message: str


class BatchRowError(Answer):
    """A row that could not be evaluated: its number, its `ref` (as uploaded) and its field errors."""

    row: int
    ref: str | None
    errors: list[FieldError]


class BatchErrors(Answer):
    """Baris yang tidak dapat dievaluasi / rows that could not be evaluated, in row order (those found so
    far while the job runs); page on with `offset`."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": JOB_ID, "status": "done", "row_errors": 1, "offset": 0, "limit": 1000,
        "errors": [{"row": 7, "ref": "dtks-7", "errors": [{"field": "nik", "message": "NIK harus 16 digit"}]}]}]})
    id: str
    status: str
    row_errors: int
    offset: int
    limit: int
    errors: list[BatchRowError]
