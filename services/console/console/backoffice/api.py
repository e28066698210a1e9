"""Calls to the services' public APIs as the logged-in person, and their problems (RFC 9457) turned
into plain Indonesian messages placed next to the form fields they concern."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx
from fastapi.responses import StreamingResponse

from console.backoffice.session import Staff

UNREACHABLE = "Layanan sedang tidak dapat dihubungi. Data Anda belum tersimpan; silakan coba lagi."
BY_STATUS = {401: "Sesi Anda tidak berlaku lagi; silakan masuk kembali.",
             403: "Peran Anda tidak berwenang untuk tindakan ini.",
             404: "Data tidak ditemukan.",
             409: "Data ini sudah tercatat sebelumnya.",
             429: "Terlalu banyak permintaan; tunggu sebentar lalu coba lagi."}


@dataclass
class Answer:
    status: int
    body: dict | list | None
    message: str | None = None  # for the whole form
    fields: dict[str, str] = field(default_factory=dict)  # next to a field

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def _indonesian(text) -> str:
    """The services write "Indonesian / English"; staff read the Indonesian half."""
    return str(text or "").split(" / ")[0].strip()


def _problem(status: int, body) -> Answer:
    body = body if isinstance(body, dict) else {}
    fields = {}
    for error in body.get("errors") or []:
        name = str(error.get("field") or "").split(".")[-1]
        if name:
            fields[name] = _indonesian(error.get("message_id") or error.get("message") or error.get("detail"))
    detail = None if fields else _indonesian(body.get("detail_id") or body.get("detail"))
    missing = body.get("missing") or []
    if missing:
        detail = "Belum terpenuhi: " + "; ".join(
            f"{m.get('label') or m.get('id')} ({m.get('citation')})" for m in missing)
    if fields and not detail:
        detail = "Periksa isian yang ditandai di bawah."
    return Answer(status, body, message=detail or BY_STATUS.get(status) or f"Permintaan ditolak ({status}).",
                  fields=fields)


async def call(base_url: str, staff: Staff, method: str, path: str, *, json=None, params=None,
               idempotency_key: str | None = None, purpose: str | None = None) -> Answer:
    headers = {"Authorization": f"Bearer {staff.token}", "Accept-Language": "id"}
    if purpose:
        headers["X-Lindung-Purpose"] = purpose
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    response = await send(base_url, method, path, headers, json=json, params=params,
                          repeatable=method == "GET" or bool(idempotency_key))
    if response is None:
        return Answer(503, None, message=UNREACHABLE)
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        return Answer(response.status_code, body)
    return _problem(response.status_code, body)


# A refusal that happened before the service did anything (a 429 from its rate limiter, a 503 while it
# cannot fetch the issuer's keys or is not ready) is worth a short wait and a second try whatever the
# method; a timeout only when the request is safe to repeat (a GET, or a POST with an Idempotency-Key).
# A busy machine otherwise turns the first call into a fresh service (cold key cache) into a page
# without the service's reason (docs/ARCHITECTURE.md "Back office").
NOT_ACTED_ON = {429, 503}
ATTEMPTS = 3
MAX_WAIT_SECONDS = 3.0


def _wait_of(response: httpx.Response | None, attempt: int) -> float:
    retry_after = response.headers.get("retry-after", "") if response is not None else ""
    wait = float(retry_after) if retry_after.isdigit() else 0.5 * (attempt + 1)
    return min(wait, MAX_WAIT_SECONDS)


async def send(base_url: str, method: str, path: str, headers: dict, *, json=None, params=None,
               repeatable: bool = False, timeout: float = 20) -> httpx.Response | None:
    """The service's response (retried as above), or None when it could not be reached."""
    response = None
    for attempt in range(ATTEMPTS):
        try:
            async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as http:
                response = await http.request(method, path, json=json, params=params, headers=headers)
        except httpx.ConnectError:
            response = None  # nothing was sent: always safe to try again
        except httpx.HTTPError:
            if not repeatable:
                return None
            response = None
        else:
            if response.status_code not in NOT_ACTED_ON:
                return response
        if attempt + 1 < ATTEMPTS:
            await asyncio.sleep(_wait_of(response, attempt))
    return response


async def call_for_purpose(purpose: str, base_url: str, staff: Staff, method: str, path: str, *,
                           params=None) -> Answer:
    """A read of personal data: the purpose the person stated travels in X-Lindung-Purpose, and the
    service records it in its audit trail with the person's name."""
    return await call(base_url, staff, method, path, params=params, purpose=purpose)


async def download(base_url: str, staff: Staff, path: str, *, params=None) -> tuple[Answer, httpx.Response | None]:
    """A file from a service (a decree or letter PDF, a CSV export) as the logged-in person: the bytes pass
    through the console, so the person's token never reaches the browser. The response only when it
    succeeded; otherwise the service's reason."""
    headers = {"Authorization": f"Bearer {staff.token}", "Accept-Language": "id"}
    response = await send(base_url, "GET", path, headers, params=params, repeatable=True, timeout=60)
    if response is None:
        return Answer(503, None, message=UNREACHABLE), None
    if response.is_success:
        return Answer(response.status_code, None), response
    try:
        body = response.json()
    except ValueError:
        body = None
    return _problem(response.status_code, body), None


async def upload(base_url: str, staff: Staff, path: str, body, *, params=None,
                 content_type: str = "text/csv") -> Answer:
    """Stream a file (an async iterator of bytes) to a service's upload API (202 with its job)."""
    headers = {"Authorization": f"Bearer {staff.token}", "Accept-Language": "id", "Content-Type": content_type}
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(15, write=300)) as http:
            response = await http.post(path, content=body, params=params, headers=headers)
    except httpx.HTTPError:
        return Answer(503, None, message=UNREACHABLE)
    try:
        payload = response.json()
    except ValueError:
        payload = None
    return Answer(response.status_code, payload) if response.is_success else _problem(response.status_code, payload)


async def relay(base_url: str, staff: Staff, path: str, *, params=None, file_name: str, headers: dict):
    """A service's file streamed through to the browser as an attachment (large result files are
    never held whole); None when the service does not answer 200."""
    http = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(60, read=300))
    try:
        response = await http.send(http.build_request(
            "GET", path, params=params, headers={"Authorization": f"Bearer {staff.token}", "Accept-Language": "id"}),
            stream=True)
    except httpx.HTTPError:
        await http.aclose()
        return None
    if response.status_code != 200:
        await response.aclose()
        await http.aclose()
        return None

    async def body():
        try:
            async for chunk in response.aiter_bytes():
                yield chunk
        finally:
            await response.aclose()
            await http.aclose()

    return StreamingResponse(body(), media_type=response.headers.get("content-type", "application/octet-stream"),
                             headers={**headers, "Content-Disposition": f'attachment; filename="{file_name}"'})
