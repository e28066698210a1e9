"""A real headless browser for the dashboard test: Debian's Chromium, installed on first use
when missing (as root, with apt), driven from the command line (--dump-dom, --screenshot)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# what this machine needs: no sandbox as root, no GPU, nothing reaching out to the network
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")


def _found() -> str | None:
    return next((path for path in CANDIDATES if Path(path).exists()), None)


def _install() -> None:
    print("[browser] Chromium not found: apt-get update && apt-get install -y chromium", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
        print(f"[browser] {' '.join(command)}", flush=True)
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, timeout=900)
    print("[browser] Chromium installed", flush=True)


def chromium() -> str:
    """The Chromium binary; installs Debian's package once when missing and allowed to."""
    path = _found()
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        _install()
        path = _found()
    if path is None:
        raise RuntimeError("Chromium is missing: install Debian's 'chromium' package (apt-get install -y chromium)")
    return path


def run(url: str, *extra: str, budget_ms: int = 15000, timeout: float = 90) -> subprocess.CompletedProcess:
    """Load `url` with a fresh profile; the virtual-time budget lets the page's fetches finish."""
    with tempfile.TemporaryDirectory(prefix="lindung-chromium-") as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
                   "--window-size=1280,1600", *extra, url]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def dump_dom(url: str) -> str:
    result = run(url, "--dump-dom")
    if result.returncode != 0 or "<html" not in result.stdout:
        raise RuntimeError(f"chromium --dump-dom failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def screenshot(url: str, path: Path) -> Path:
    result = run(url, f"--screenshot={path}")
    if not path.exists() or path.stat().st_size == 0:
        raise RuntimeError(f"chromium --screenshot failed ({result.returncode}): {result.stderr[-2000:]}")
    return path
