"""The registry's bulk jobs on the shared runner (shared/jobs): BPJS membership syncs and
candidate imports, run by the worker process."""
from __future__ import annotations

from registry.database import Base
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
    from registry.bpjs.sync_apply import SyncJobs
    from registry.candidates.service import CandidateJobs
    from registry.protection import Vault

    vault = Vault(runtime.settings)
    return JobRunner(runtime, TABLES, [SyncJobs(vault), CandidateJobs(vault)], sealer_of(runtime))
