"""Calls to the services' public APIs as the logged-in person, and their problems (RFC 9457) turned
into plain Indonesian messages placed next to the form fields they concern."""
from __future__ import annotations

from dataclasses import dataclass, field

import httpx

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
               idempotency_key: str | None = None) -> Answer:
    headers = {"Authorization": f"Bearer {staff.token}", "Accept-Language": "id"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=15) as http:
            response = await http.request(method, path, json=json, params=params, headers=headers)
    except httpx.HTTPError:
        return Answer(503, None, message=UNREACHABLE)
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        return Answer(response.status_code, body)
    return _problem(response.status_code, body)


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


@dataclass
class Download:
    status: int
    content: bytes
    media_type: str
    file_name: str | None


async def download(base_url: str, staff: Staff, path: str, *, params=None) -> Download:
    """A document (PDF, XLSX, CSV) from a service, fetched as the person to hand to their browser."""
    headers = {"Authorization": f"Bearer {staff.token}", "Accept-Language": "id"}
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            response = await http.get(path, params=params, headers=headers)
    except httpx.HTTPError:
        return Download(503, b"", "text/plain", None)
    disposition = response.headers.get("content-disposition", "")
    name = disposition.split("filename=")[-1].strip('"; ') if "filename=" in disposition else None
    return Download(response.status_code, response.content, response.headers.get("content-type", ""), name)


async def relay(base_url: str, staff: Staff, path: str, *, params=None, file_name: str, headers: dict):
    """A service's file streamed through to the browser as an attachment (large result files are
    never held whole); None when the service does not answer 200."""
    from fastapi.responses import StreamingResponse

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
