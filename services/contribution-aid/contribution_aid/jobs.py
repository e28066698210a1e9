"""Contribution-aid bulk jobs on the shared runner (shared/jobs): invoice imports, run by the worker."""
from __future__ import annotations

from contribution_aid.database import Base
from shared.app import Runtime
from shared.jobs.runner import JobRunner
from shared.jobs.storage import Sealer
from shared.jobs.tables import job_tables

TABLES = job_tables(Base.metadata)


def sealer_of(runtime: Runtime) -> Sealer:
    if "sealer" not in runtime.extras:
        runtime.extras["sealer"] = Sealer.from_settings(runtime.settings)
    return runtime.extras["sealer"]


def job_runner(runtime: Runtime) -> JobRunner:
    from contribution_aid.invoices.imports import InvoiceJobs
    from contribution_aid.participants.directory import ParticipantDirectory

    runtime.extras.setdefault("directory", ParticipantDirectory.from_settings(runtime.settings))
    return JobRunner(runtime, TABLES, [InvoiceJobs()], sealer_of(runtime))
