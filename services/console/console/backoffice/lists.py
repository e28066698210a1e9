"""What every list page of the back office shares: its filters read from the query string (kept in the
form), the next page's link (§13 cursor paging) and a service's export handed on to the browser."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from console.backoffice.api import download
from console.backoffice.session import Staff

PAGE_SIZE = 50
FORWARDED = ("content-type", "content-disposition", "x-export-truncated")


def query_of(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The filters a person set (empty ones dropped)."""
    return {k: request.query_params[k].strip() for k in names if request.query_params.get(k, "").strip()}


def link(path: str, query: dict[str, str], **extra: str) -> str:
    return path + "?" + urlencode({**query, **{k: v for k, v in extra.items() if v}})


async def export(base_url: str, staff: Staff, path: str, params: dict) -> Response:
    """The service's CSV (Indonesian headers, safe cells) as the person's download."""
    answer, response = await download(base_url, staff, path, params={**params, "format": "csv"})
    if response is None:
        return Response("Ekspor tidak tersedia saat ini; coba lagi.", status_code=answer.status,
                        media_type="text/plain")
    headers = {k: v for k, v in response.headers.items() if k.lower() in FORWARDED}
    headers["Cache-Control"] = "no-store"
    return Response(response.content, status_code=200, headers=headers)
