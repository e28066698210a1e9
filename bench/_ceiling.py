"""The ceiling for bench/clearance.py: the smallest FastAPI endpoint, a constant JSON answer,
served by uvicorn as the services are. Not a benchmark itself (the leading underscore hides it)."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping():
    return {"allowed": True, "reasons": [], "active_sanctions": [], "executing_agency": None}
