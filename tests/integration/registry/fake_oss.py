"""A fake OSS RBA sandbox served on 127.0.0.1 for the tests: it answers inqueryNIB from the
recorded exchange in tests/fixtures/oss/inqueryNIB-exchange.json and records what it was sent."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from shared.devstack import free_port

EXCHANGE = Path(__file__).resolve().parents[2] / "fixtures" / "oss" / "inqueryNIB-exchange.json"
USER_KEY = "fake-oss-user-key"


class FakeOss:
    def __init__(self):
        self.recorded = json.loads(EXCHANGE.read_text())
        self.received: list[dict] = []
        self.port = free_port()
        self.app = FastAPI()
        self.app.post("/inqueryNIB")(self.inquery)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def inquery(self, request: Request):
        body = await request.json()
        self.received.append({"headers": {"user_key": request.headers.get("user_key")}, "body": body})
        if request.headers.get("user_key") != USER_KEY:
            return JSONResponse({"responinqueryNIB": {"kode": "401", "keterangan": "User Akses Tidak Valid"}}, 401)
        if body == self.recorded["request"]["body"]:
            return JSONResponse(self.recorded["response"]["body"])
        return JSONResponse(self.recorded["not_found"]["body"])

    def __enter__(self) -> FakeOss:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(5)
