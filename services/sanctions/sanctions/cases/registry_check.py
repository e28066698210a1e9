"""The registry's word on an employer a new case names (docs/API.md §9, docs/ARCHITECTURE.md
"Sanctions -> registry employer check"): `GET /v1/employers/{id}` at the registry with this
service's own API key. Called only when this service's read model has not heard of the employer
from the registry (EmployerRegistered). A registry that cannot be reached never blocks a finding:
the case opens with the subject unconfirmed, as before, and the case history records why."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from shared.logging import get_logger

EMPLOYER_PATH = "/v1/employers/{employer_id}"
PURPOSE = "sanctions case opening: employer check"
log = get_logger("registry-check")


@dataclass(frozen=True)
class EmployerAnswer:
    """`found` False: the registry answered that it has no such employer (404). `reachable` False:
    no usable answer (unreachable, timeout, 5xx, our key refused); `reason` says which, never data."""

    reachable: bool
    found: bool = False
    regency_code: str | None = None
    kind: str | None = None
    nib: str | None = None
    name: str | None = None
    reason: str | None = None


class EmployerDirectory:
    def __init__(self, http: httpx.AsyncClient | None):
        self.http = http

    @classmethod
    def from_settings(cls, settings) -> EmployerDirectory:
        if not settings.registry_url:
            return cls(None)
        timeout = httpx.Timeout(settings.registry_timeout_seconds, connect=min(2.0, settings.registry_timeout_seconds))
        return cls(httpx.AsyncClient(base_url=settings.registry_url, timeout=timeout,
                                     headers={"X-API-Key": settings.registry_api_key}))

    async def employer(self, employer_id: uuid.UUID) -> EmployerAnswer:
        if self.http is None:
            return EmployerAnswer(reachable=False, reason="registry_url not configured")
        try:
            response = await self.http.get(EMPLOYER_PATH.format(employer_id=employer_id), params={"purpose": PURPOSE})
        except httpx.HTTPError as error:
            return _unreachable(f"registry not reached ({type(error).__name__})")
        if response.status_code == 404:
            return EmployerAnswer(reachable=True, found=False)
        if response.status_code != 200:
            return _unreachable(f"registry status {response.status_code}")
        try:
            body = response.json()
            return EmployerAnswer(reachable=True, found=True, regency_code=str(body["regency_code"]),
                                  kind=body.get("kind"), nib=body.get("nib"), name=body.get("name"))
        except (ValueError, KeyError, TypeError):
            return _unreachable("registry answer not understood")

    async def aclose(self) -> None:
        if self.http is not None:
            await self.http.aclose()


def _unreachable(reason: str) -> EmployerAnswer:
    log.warning("registry_employer_check_unavailable", reason=reason)
    return EmployerAnswer(reachable=False, reason=reason)
