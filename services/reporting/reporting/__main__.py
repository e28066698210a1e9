import datetime as dt
import json

from reporting.coverage.history import refresh_all
from reporting.main import PROJECTIONS, SPEC
from reporting.rebuild import rebuild
from shared.app import Runtime
from shared.service import run_cli


async def rebuild_job(runtime: Runtime, args) -> None:
    """Rebuild every read model from the beginning of every topic."""
    print(json.dumps(await rebuild(runtime, PROJECTIONS)))


async def history_job(runtime: Runtime, args) -> None:
    """Refresh the monthly coverage history of every regency (e.g. daily, after midnight)."""
    day = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    async with runtime.sessions() as session, session.begin():
        await refresh_all(session, day)


run_cli(SPEC, jobs={"rebuild": rebuild_job, "coverage-history": history_job})
