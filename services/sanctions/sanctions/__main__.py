import argparse
import datetime as dt
import json

from sanctions.cases.escalation import escalate_overdue_cases
from sanctions.clock import today
from sanctions.main import SPEC
from shared.app import Runtime
from shared.service import run_cli


async def escalate_overdue(runtime: Runtime, args: argparse.Namespace) -> None:
    """Escalate every case whose ladder deadline passed before --as-of (default today); idempotent."""
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else today()
    print(json.dumps(await escalate_overdue_cases(runtime.sessions, as_of)))


run_cli(SPEC, jobs={"escalate-overdue": escalate_overdue})
