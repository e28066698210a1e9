"""Suite-wide: every log line written during the run (in-process and by the service processes
the tests start) goes under one folder, and the run fails if any holds a full NIK or the name,
mother's maiden name, address or birth date of the test person (tests/factories.py)."""
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


def personal_data_in_logs(log_dir: Path = LOG_DIR) -> list[tuple[str, str]]:
    """(file, what) for every full NIK and every test person's marker found in a log line."""
    from stdnum.id import nik

    from tests.factories import personal_markers
    markers = personal_markers()
    found = []
    for path in log_dir.rglob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            found += [(path.name, m) for m in NIK_LIKE.findall(line) if nik.is_valid(m)]
            found += [(path.name, m) for m in markers if m in line]
    return found


def pytest_sessionfinish(session, exitstatus):
    leaks = personal_data_in_logs()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if leaks:
        if reporter:
            reporter.write_line(f"PERSONAL DATA LEAK: {len(leaks)} full NIK(s), names or birth dates in log "
                                f"lines under {LOG_DIR}, e.g. in {leaks[0][0]}", red=True)
        session.exitstatus = 1
    elif reporter:
        reporter.write_line(f"log scan: no full NIK, name or birth date in any log line under {LOG_DIR}")
