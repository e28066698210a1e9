import argparse
import datetime as dt
import sys

from registry.complaints.service import escalate_overdue
from registry.construction.service import report_newly_overdue
from registry.jobs import job_runner
from registry.main import SPEC
from registry.protection import Vault
from registry.rotation import RotationError, keys_in_use, reencrypt_all
from shared.app import Runtime
from shared.service import run_cli


def _as_of(args: argparse.Namespace) -> dt.date:
    return dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()


async def construction_overdue(runtime: Runtime, args: argparse.Namespace) -> None:
    """Report construction projects newly past their BPJS registration deadline (daily; idempotent)."""
    as_of = _as_of(args)
    reported = await report_newly_overdue(runtime.sessions, as_of)
    print(f"registry: {reported} construction project(s) newly overdue as of {as_of}", file=sys.stderr)


async def complaints_overdue(runtime: Runtime, args: argparse.Namespace) -> None:
    """Mark complaint stages past their due date overdue and escalate each to the head of office
    once (daily; idempotent; never closes a complaint)."""
    as_of = _as_of(args)
    escalated = await escalate_overdue(runtime.sessions, Vault(runtime.settings), as_of)
    print(f"registry: {escalated} complaint stage(s) newly escalated as of {as_of}", file=sys.stderr)


async def resume_syncs(runtime: Runtime, _args: argparse.Namespace) -> None:
    """Run queued and interrupted bulk jobs (BPJS membership syncs, candidate imports) from their
    checkpoints, here and now (the worker does the same continuously)."""
    finished = await job_runner(runtime).drain()
    print(f"registry: {finished} interrupted bulk job(s) finished", file=sys.stderr)


async def reencrypt_pii(runtime: Runtime, _args: argparse.Namespace) -> None:
    """Re-encrypt every personal-data column under the active PII key (after a key rotation)."""
    try:
        done = await reencrypt_all(runtime)
    except RotationError as stopped:
        sys.exit(f"registry: re-encryption stopped: {stopped}")
    print(f"registry: re-encrypted {done}; values per key id now {await keys_in_use(runtime)}", file=sys.stderr)


run_cli(SPEC, jobs={"construction-overdue": construction_overdue, "complaints-overdue": complaints_overdue,
                    "resume-syncs": resume_syncs, "reencrypt-pii": reencrypt_pii})
