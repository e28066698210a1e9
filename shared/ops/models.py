"""The record of scheduled job runs (database lindung_ops), which the console can list."""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, MetaData, Table, Text, func

metadata = MetaData()

job_runs = Table(
    "job_runs", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("job", Text, nullable=False),
    Column("command", Text, nullable=False),
    # the cron time the run was for ("manual" runs: when it was asked for)
    Column("scheduled_for", DateTime(timezone=True), nullable=False),
    Column("trigger", Text, nullable=False),           # schedule | catch-up | manual
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("finished_at", DateTime(timezone=True)),
    Column("outcome", Text, nullable=False),           # running | succeeded | failed | timed-out
    Column("exit_code", Integer),
    Column("output_tail", Text),                       # the last lines the job printed (no personal data)
    Index("job_runs_job_started", "job", "started_at"),
)
