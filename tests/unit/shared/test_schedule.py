"""Every periodic job a service defines is scheduled at its cadence (or named as not scheduled,
with the reason), and every scheduled command is a real job."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shared.devstack.services import SERVICES
from shared.ops.scheduler import load_schedule

ROOT = Path(__file__).resolve().parents[3]
BUILT_IN = {"api", "worker", "migrate", "replay", "redrive", "healthcheck"}


@pytest.fixture(scope="module")
def service_jobs() -> dict[str, set[str]]:
    """The job commands of each service, as `python -m <service> --help` lists them."""
    jobs = {}
    for svc in SERVICES:
        result = subprocess.run([sys.executable, "-m", svc.package, "--help"], capture_output=True, text=True,
                                cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr
        commands = re.search(r"\{([a-z0-9,_-]+)\}", result.stdout).group(1).split(",")
        jobs[svc.package] = set(commands) - BUILT_IN
    return jobs


def test_every_job_of_every_service_is_scheduled_or_explained(service_jobs):
    scheduled, not_scheduled = load_schedule()
    by_command = {tuple(job.command[2:4]) for job in scheduled.values()}
    for package, jobs in service_jobs.items():
        for job in jobs:
            assert (package, job) in by_command or job in not_scheduled, \
                f"python -m {package} {job} is neither in shared/ops/schedule.yaml nor under not_scheduled"


def test_every_scheduled_command_is_a_real_job(service_jobs):
    scheduled, not_scheduled = load_schedule()
    for job in scheduled.values():
        assert job.command[:2] == ["python", "-m"]
        package, name = job.command[2], job.command[3]
        if package.startswith("shared.ops."):
            assert (ROOT / "shared" / "ops" / f"{package.rsplit('.', 1)[1]}.py").exists()
        else:
            assert name in service_jobs[package], f"{job.name}: python -m {package} has no job {name}"
    assert all(any(name in jobs for jobs in service_jobs.values()) for name in not_scheduled)


def test_cadences_follow_the_law():
    scheduled, _ = load_schedule()
    timezone = ZoneInfo("Asia/Makassar")
    start = dt.datetime(2026, 1, 1, 3, 0, tzinfo=timezone)

    def fires(job: str, until: dt.datetime) -> list[dt.datetime]:
        trigger, found, last = scheduled[job].trigger(timezone), [], start
        while (upcoming := trigger.get_next_fire_time(None, last + dt.timedelta(seconds=1))) < until:
            found.append(upcoming)
            last = upcoming
        return found

    year = dt.datetime(2026, 12, 31, 23, 0, tzinfo=timezone)
    # TTS Pasal 20(3): re-verification "secara berkala per triwulan": once in each quarter
    assert [f.month for f in fires("reverify", year)] == [4, 7, 10]
    for daily in ("construction-overdue", "escalate-overdue", "coverage-history", "backup"):
        assert len(fires(daily, start + dt.timedelta(days=7))) == 7, daily
    assert len(fires("resume-syncs", start + dt.timedelta(hours=1, minutes=1))) == 4
