"""Worker heartbeat: each loop of a worker (relay, consumers, job runners) reports that it is
turning; a writer task puts the latest beat of every loop into one small JSON file under the
configured heartbeat directory, and `python -m <service> healthcheck` reads it (exit 0 when every
loop beat recently, 1 otherwise), so a hung worker, not only a dead one, is restarted.

A file, not a database row: the check must answer while the database is down (a worker waiting
out an outage is healthy; restarting it would not help) and must not need credentials."""
from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

from shared.lifecycle import sleep_or_stop


def heartbeat_path(directory: str, service: str) -> Path:
    return Path(directory) / f"{service}-worker.json"


class Heartbeat:
    def __init__(self, path: Path, *, interval: float = 2.0):
        self.path, self.interval = Path(path), interval
        self.beats: dict[str, float] = {}
        # loops that cannot beat themselves (opaque job runners): alive while the event loop turns
        self.passive: set[str] = set()

    def beat(self, loop: str) -> None:
        self.beats[loop] = time.time()

    def beater(self, loop: str):
        return lambda: self.beat(loop)

    def write(self) -> None:
        for loop in self.passive:
            self.beat(loop)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"pid": os.getpid(), "written_at": time.time(), "loops": self.beats}))
        tmp.replace(self.path)  # atomic: the health check never reads half a file

    async def run(self, stop: asyncio.Event) -> None:
        """The writer; it turning at all also shows the event loop is not blocked."""
        while not stop.is_set():
            self.write()
            await sleep_or_stop(stop, self.interval)


def check(path: Path, max_age: float, now: float | None = None) -> tuple[bool, str]:
    """(healthy, reason) for the heartbeat file at `path`."""
    now = now or time.time()
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        return False, f"no readable heartbeat at {path}: {type(exc).__name__}"
    if now - data.get("written_at", 0) > max_age:
        return False, f"heartbeat file not written for {now - data.get('written_at', 0):.0f}s"
    stale = {loop: round(now - at) for loop, at in data.get("loops", {}).items() if now - at > max_age}
    if stale:
        return False, "loops without a beat (seconds): " + ", ".join(f"{k}={v}" for k, v in sorted(stale.items()))
    return True, f"{len(data.get('loops', {}))} loops beating"
