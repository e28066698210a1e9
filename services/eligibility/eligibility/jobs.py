"""Jobs outside requests: the batch runner alone (the worker runs it too), and the quarterly
re-verification of every regency that has rules for it."""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from eligibility.batch.runner import job_runner
from eligibility.context import profiles_of
from eligibility.recipients.service import reverify_regency
from shared.app import Runtime
from shared.lifecycle import stop_on_signals
from shared.problems import Problem


async def batch_runner(runtime: Runtime, args: argparse.Namespace) -> None:
    """Run batch evaluation jobs (only needed when the worker does not)."""
    await job_runner(runtime).loop(stop_on_signals())


async def reverify(runtime: Runtime, args: argparse.Namespace) -> None:
    """Re-verify the aid recipients of every regency with re-verification rules (TTS Pasal 20(3))."""
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    for code in profiles_of(runtime).codes:
        try:
            summary = await reverify_regency(runtime, "scheduler", code, as_of)
        except Problem as skipped:
            print(f"{code}: {skipped.detail}", file=sys.stderr)
            continue
        print(f"{code}: {summary['recipients']} recipients, {summary['recommended']} recommendations "
              f"({summary['emitted']} new), undetermined {summary['undetermined']}", file=sys.stderr)


JOBS = {"reverify": reverify, "batch-runner": batch_runner}
