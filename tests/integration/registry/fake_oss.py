"""A fake OSS RBA sandbox served on 127.0.0.1 for the tests: it answers inqueryNIB from the
recorded exchange in tests/fixtures/oss/inqueryNIB-exchange.json and records what it was sent."""
from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.integration.served import Served

EXCHANGE = Path(__file__).resolve().parents[2] / "fixtures" / "oss" / "inqueryNIB-exchange.json"
USER_KEY = "fake-oss-user-key"


class FakeOss:
    def __init__(self):
        self.recorded = json.loads(EXCHANGE.read_text())
        self.received: list[dict] = []
        self.app = FastAPI()
        self.app.post("/inqueryNIB")(self.inquery)
        self.served = Served(self.app)

    @property
    def base_url(self) -> str:
        return self.served.url

    async def inquery(self, request: Request):
        body = await request.json()
        self.received.append({"headers": {"user_key": request.headers.get("user_key")}, "body": body})
        if request.headers.get("user_key") != USER_KEY:
            return JSONResponse({"responinqueryNIB": {"kode": "401", "keterangan": "User Akses Tidak Valid"}}, 401)
        if body == self.recorded["request"]["body"]:
            return JSONResponse(self.recorded["response"]["body"])
        return JSONResponse(self.recorded["not_found"]["body"])

    def __enter__(self) -> FakeOss:
        self.served.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.served.__exit__(*exc)
