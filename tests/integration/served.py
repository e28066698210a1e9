"""Serve an ASGI app on 127.0.0.1 from a thread for the length of a `with` (peers, fakes, callbacks)."""
from __future__ import annotations

import threading
import time

import uvicorn

from shared.devstack import free_port


class Served:
    def __init__(self, app):
        self.port = free_port()
        # log_config=None: uvicorn must not reconfigure the process's logging (other tests depend on it)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None,
                                                    access_log=False, lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("served app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
