"""The anchor for the write paths (registration, allocation): the smallest FastAPI endpoint that
does one database statement in a transaction, on the services' own driver and pool (shared/db.py),
served by uvicorn as the services are. Not a benchmark itself (the leading underscore hides it)."""
import os
import uuid

from fastapi import FastAPI
from sqlalchemy import text

from shared.db import make_engine

engine = make_engine(os.environ["BENCH_ANCHOR_DATABASE_URL"])
app = FastAPI()
INSERT = text("INSERT INTO bench_anchor (id, body) VALUES (:id, :body)")


@app.post("/write", status_code=201)
async def write(body: dict):
    row_id = uuid.uuid4()
    async with engine.begin() as conn:
        await conn.execute(INSERT, {"id": row_id, "body": str(body)[:200]})
    return {"id": str(row_id)}
