"""docs/OPERATIONS.md gives commands that exist: every `python -m <module> <command>` in it is a
command of that module, every scheduled job is in its table, and the compose check it tells the
operator to run is the one the tests run."""
from __future__ import annotations

import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from shared.ops.scheduler import load_schedule

ROOT = Path(__file__).resolve().parents[3]
GUIDE = (ROOT / "docs" / "OPERATIONS.md").read_text()


@lru_cache
def commands_of(module: str) -> set[str]:
    result = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, (module, result.stderr)
    return set(re.search(r"\{([a-z0-9,_-]+)\}", result.stdout).group(1).split(","))


def test_every_command_in_the_guide_exists():
    used = set(re.findall(r"python -m ([a-z_.]+) ([a-z-]+)", GUIDE))
    assert len(used) >= 12
    for module, command in used:
        if module == "$s":
            continue
        assert command in commands_of(module), f"docs/OPERATIONS.md: python -m {module} {command} does not exist"
    for package in ("registry", "eligibility", "contribution_aid", "sanctions", "reporting"):
        assert "replay" in commands_of(package)


def test_every_scheduled_job_is_in_the_guide():
    jobs, not_scheduled = load_schedule()
    for job in jobs.values():
        assert f"`{' '.join(job.command)}`" in GUIDE, job.name
    for name in not_scheduled:
        assert name in GUIDE


def test_the_guide_validates_compose_as_the_tests_do():
    assert "docker compose --env-file deploy/lindung.env config --quiet" in GUIDE
    assert "python -m shared.ops.secrets init /secrets --site" in GUIDE
