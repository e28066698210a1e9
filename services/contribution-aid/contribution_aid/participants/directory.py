"""The registry as a NIK directory: a BPJS invoice is billed per NIK, this service holds only
participant ids, so the NIKs of one import are resolved in one call to the registry."""
from __future__ import annotations

import uuid

import httpx

from shared.logging import get_logger
from shared.problems import Problem

RESOLVE_PATH = "/v1/participants/resolve"
PEER_CHECK_PATH = "/v1/dci/peer-checks"
MAX_NIKS = 200_000  # distinct NIKs of one invoice
CALL_NIKS = 20_000  # the registry's limit for one call (registry.participants.resolve.MAX_NIKS)
TIMEOUT = httpx.Timeout(60.0, connect=5.0)
log = get_logger("directory")


class RegistryUnavailable(Problem):
    status, slug, title = 503, "registry-unavailable", "Registry unavailable"


class ParticipantDirectory:
    def __init__(self, http: httpx.AsyncClient):
        self.http = http

    @classmethod
    def from_settings(cls, settings) -> ParticipantDirectory:
        return cls(httpx.AsyncClient(base_url=settings.registry_url, timeout=TIMEOUT,
                                     headers={"X-API-Key": settings.registry_api_key}))

    async def resolve(self, regency_code: str, niks: list[str]) -> dict[str, uuid.UUID]:
        """NIK → participant id for the NIKs registered in the regency (others are absent). The
        registry answers by position (it never echoes NIKs), in calls of at most CALL_NIKS."""
        out: dict[str, uuid.UUID] = {}
        for start in range(0, len(niks), CALL_NIKS):
            part = niks[start:start + CALL_NIKS]
            ids = await self._resolve_part(regency_code, part)
            out.update({nik: uuid.UUID(pid) for nik, pid in zip(part, ids, strict=True) if pid is not None})
        return out

    async def _resolve_part(self, regency_code: str, niks: list[str]) -> list[str | None]:
        try:
            response = await self.http.post(RESOLVE_PATH, json={"regency_code": regency_code, "niks": niks})
        except httpx.HTTPError as error:  # the error names the URL only, never the NIKs sent
            log.warning("registry_unreachable", error=type(error).__name__)
            raise RegistryUnavailable("Registri peserta tidak dapat dihubungi; coba lagi nanti / "
                                      "the participant registry could not be reached; try again later") from None
        if response.status_code != 200:
            log.warning("registry_refused", status=response.status_code)
            raise _bad_answer(f"status {response.status_code}")
        try:
            ids = response.json()["participant_ids"]
            if len(ids) != len(niks):
                raise ValueError("answer does not match the question")
            return [str(uuid.UUID(pid)) if pid is not None else None for pid in ids]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise _bad_answer("an unreadable answer") from None

    async def peer_check(self, participant_id: uuid.UUID, timeout: float) -> dict:
        """IBR: the registry asks its DCI peers whether the person is funded elsewhere. Never blocks an
        allocation: a failure or a late answer is recorded as unknown."""
        try:
            response = await self.http.post(PEER_CHECK_PATH, json={"participant_id": str(participant_id)},
                                             timeout=timeout)
            if response.status_code == 200:
                answer = response.json()
                return {"funded_elsewhere": answer["funded_elsewhere"], "checked_at": answer["checked_at"],
                        "peers": answer["peers"]}
            reason = f"registry status {response.status_code}"
        except httpx.HTTPError as error:
            reason = f"registry not reached ({type(error).__name__})"
        except (ValueError, KeyError, TypeError):
            reason = "registry answer not understood"
        log.warning("peer_check_unknown", reason=reason)
        return {"funded_elsewhere": None, "peers": [], "reason": reason}

    async def aclose(self) -> None:
        await self.http.aclose()


def _bad_answer(what: str) -> RegistryUnavailable:
    return RegistryUnavailable(f"Registri peserta menjawab dengan {what}; tagihan tidak diimpor / "
                               f"the participant registry answered with {what}; the invoice was not imported",
                               status=502)
