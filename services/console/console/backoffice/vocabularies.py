"""Drop-down choices from a service's vocabularies (docs/API.md §12: `GET /v1/vocabularies`, per regency and
day, Indonesian labels); the built-in labels of choices.py stand in when the service cannot be reached, so
a form still renders and the service's own check refuses a wrong id."""
from __future__ import annotations

from console.backoffice.api import call
from console.backoffice.session import Staff


async def labels(base_url: str, staff: Staff, regency_code: str, name: str, fallback: dict[str, str]) -> dict[str, str]:
    """{id: Indonesian label} of one vocabulary, in the service's order."""
    answer = await call(base_url, staff, "GET", "/v1/vocabularies", params={"regency_code": regency_code})
    terms = answer.body.get(name) if answer.ok and isinstance(answer.body, dict) else None
    if not terms:
        return dict(fallback)
    return {t["id"]: t.get("label") or fallback.get(t["id"], t["id"]) for t in terms}
