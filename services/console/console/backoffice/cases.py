"""Kasus (issue 15 item 6): the regency's sanction cases with filters (state, violation, due) from the
sanctions service's `GET /v1/cases` (cursor paging, CSV export), and a case's letters handed on from
`GET /v1/cases/{id}/letters/{kind}` (the document register issues each once; the same bytes after).
The case page itself, its evidence and decision forms are in views.py."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from console.backoffice import choices, lists
from console.backoffice.api import call, download
from console.backoffice.guard import PageRoute, SignedIn
from console.backoffice.session import Staff
from console.backoffice.views import render, service_url
from console.backoffice.vocabularies import labels

router = APIRouter(route_class=PageRoute, tags=["back office"], include_in_schema=False)
FILTERS = ("state", "violation", "terlambat", "cursor")
LETTERS = {"request": "Surat permintaan pemenuhan kewajiban", "warning": "Surat teguran tertulis",
           "sanction_request": "Permintaan sanksi tidak mendapat pelayanan publik tertentu kepada Bupati",
           "decision": "Keputusan Bupati"}


def _params(staff, query: dict[str, str], today: dt.date) -> dict:
    params = {"regency_code": staff.person.regencies[0], "state": query.get("state"),
              "violation": query.get("violation")}
    if query.get("terlambat"):  # due: the current step's deadline is today or past
        params["due_before"] = (today + dt.timedelta(days=1)).isoformat()
    return {k: v for k, v in params.items() if v}


@router.get("/kasus", response_class=HTMLResponse)
async def case_list(request: Request, staff: Staff = SignedIn):
    query = lists.query_of(request, FILTERS)
    base, regency = service_url(request, "sanctions"), staff.person.regencies[0]
    params = {**_params(staff, query, dt.date.today()), "limit": lists.PAGE_SIZE, "cursor": query.get("cursor")}
    answer = await call(base, staff, "GET", "/v1/cases", params={k: v for k, v in params.items() if v})
    filters = {k: v for k, v in query.items() if k != "cursor"}
    next_cursor = answer.body.get("next_cursor") if answer.ok else None
    return render("cases/list.html", staff, form=filters, answer=answer, current="/kasus",
                  states=await labels(base, staff, regency, "case_states", choices.STATES),
                  violations=await labels(base, staff, regency, "violations", choices.VIOLATIONS),
                  next_link=lists.link("/kasus", filters, cursor=next_cursor) if next_cursor else None,
                  export_link=lists.link("/kasus.csv", filters))


@router.get("/kasus.csv")
async def case_export(request: Request, staff: Staff = SignedIn):
    params = _params(staff, lists.query_of(request, FILTERS), dt.date.today())
    return await lists.export(service_url(request, "sanctions"), staff, "/v1/cases", params)


@router.get("/kasus/{case_id}/surat/{kind}")
async def case_letter(case_id: uuid.UUID, kind: Literal["request", "warning", "sanction_request", "decision"],
                      request: Request, staff: Staff = SignedIn):
    answer, response = await download(service_url(request, "sanctions"), staff,
                                      f"/v1/cases/{case_id}/letters/{kind}")
    if response is None:
        return render("message.html", staff, 200, title=LETTERS[kind], text=answer.message)
    name = response.headers.get("content-disposition", "").partition("filename=")[2].strip('"') or f"{kind}.pdf"
    return Response(response.content, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})
