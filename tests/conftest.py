"""Suite-wide: every log line written during the run (in-process and by the service processes
the tests start) goes under one folder, and the run fails if any holds a full NIK."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

LOG_DIR = Path(os.environ.get("LINDUNG_TEST_LOG_DIR") or tempfile.mkdtemp(prefix="lindung-test-logs-"))
NIK_LIKE = re.compile(r"(?<!\d)\d{16}(?!\d)")


def pytest_configure(config):
    from shared.logging import configure_logging
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    configure_logging("tests", "INFO", also_to_file=str(LOG_DIR / "in-process.log"))


def full_niks_in_logs() -> list[tuple[str, str]]:
    from stdnum.id import nik
    found = []
    for path in LOG_DIR.rglob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            found += [(path.name, m) for m in NIK_LIKE.findall(line) if nik.is_valid(m)]
    return found


def pytest_sessionfinish(session, exitstatus):
    leaks = full_niks_in_logs()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if leaks:
        if reporter:
            reporter.write_line(f"PERSONAL DATA LEAK: {len(leaks)} full NIK(s) in log lines under {LOG_DIR}, "
                                f"e.g. in {leaks[0][0]}", red=True)
        session.exitstatus = 1
    elif reporter:
        reporter.write_line(f"log scan: no full NIK in any log line under {LOG_DIR}")
