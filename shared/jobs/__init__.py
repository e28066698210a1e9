"""One durable job runner for all bulk work (plumbing only; what a job does is its service's).

- `tables`: the `jobs`, `job_upload_pieces` and `job_row_errors` tables each service declares on
  its own metadata (and creates in its own Alembic chain with `create_job_tables`).
- `storage`: a request body streamed to a temporary file (size-capped, hashed), then sealed in
  pieces with the service's AES-GCM keyring, so memory stays flat whatever the upload's size.
- `reader`: the one streaming reader of CSV (`,` `;` or tab), NDJSON and JSON arrays.
- `runner`: the worker loop: claim with a lease, heartbeat, takeover of an expired lease,
  attempt limit then `failed`, progress and row errors; `retention` deletes old uploads/results.
"""
