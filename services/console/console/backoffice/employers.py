"""Pemberi kerja (issue 15 item 6): the employers of the person's regency found by NIB, NPWP or name
(registry `GET /v1/employers`, cursor paging, CSV export), and an employer's page: the registry's data,
the compliance gap OSS reported, its workers (declared and registered), its sanction cases, its
construction projects and the licence applications checked against it."""
from __future__ import annotations

import asyncio
import re
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.backoffice import lists
from console.backoffice.api import call
from console.backoffice.guard import PageRoute, SignedIn
from console.backoffice.session import Staff
from console.backoffice.views import render, service_url
from console.backoffice.vocabularies import labels
from shared import roles

router = APIRouter(route_class=PageRoute, tags=["back office"], include_in_schema=False)
FILTERS = ("q", "compliance", "cursor")


def search_of(text: str) -> dict[str, str]:
    """One search box: 13 digits are an NIB, 15 or 16 an NPWP (punctuation ignored), anything else
    the start of the name."""
    digits = re.sub(r"[\s.\-]", "", text)
    if digits.isdigit() and len(digits) == 13:
        return {"nib": digits}
    if digits.isdigit() and len(digits) in (15, 16):
        return {"npwp": digits}
    return {"name": text} if text else {}


def _params(staff, query: dict[str, str]) -> dict:
    params = {"regency_code": staff.person.regencies[0], **search_of(query.get("q", ""))}
    if query.get("compliance") in ("gap", "compliant"):
        params["compliance"] = query["compliance"]
    return params


@router.get("/pemberi-kerja", response_class=HTMLResponse)
async def employer_list(request: Request, staff: Staff = SignedIn):
    query = lists.query_of(request, FILTERS)
    params = {**_params(staff, query), "limit": lists.PAGE_SIZE, "cursor": query.get("cursor")}
    answer = await call(service_url(request, "registry"), staff, "GET", "/v1/employers",
                        params={k: v for k, v in params.items() if v})
    filters = {k: v for k, v in query.items() if k != "cursor"}
    next_cursor = answer.body.get("next_cursor") if answer.ok else None
    return render("employers/list.html", staff, form=filters, answer=answer, current="/pemberi-kerja",
                  searched=search_of(query.get("q", "")),
                  next_link=lists.link("/pemberi-kerja", filters, cursor=next_cursor) if next_cursor else None,
                  export_link=lists.link("/pemberi-kerja.csv", filters))


@router.get("/pemberi-kerja.csv")
async def employer_export(request: Request, staff: Staff = SignedIn):
    params = _params(staff, lists.query_of(request, FILTERS))
    return await lists.export(service_url(request, "registry"), staff, "/v1/employers", params)


@router.get("/pemberi-kerja/{employer_id}", response_class=HTMLResponse)
async def employer_page(employer_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    found = await call(service_url(request, "registry"), staff, "GET", f"/v1/employers/{employer_id}")
    if not found.ok:
        return render("message.html", staff, found.status, title="Pemberi kerja", text=found.message)
    related = await related_of(request, staff, found.body)
    categories = await labels(service_url(request, "registry"), staff, found.body["regency_code"], "categories", {})
    return render("employer.html", staff, employer=found.body, form={}, answer=None, current="/pemberi-kerja",
                  categories=categories, **related)


async def related_of(request: Request, staff, employer: dict) -> dict:
    """The employer's workers (masked NIK and birth year only: no personal data without a stated purpose),
    cases, construction projects and licence checks (each only for a role that may read it; a refusal
    shows its reason in its section)."""
    scopes = roles.scopes_of(set(staff.person.roles))
    by_employer = {"regency_code": employer["regency_code"], "employer_id": employer["id"], "limit": 50}
    wanted = {"workers": ("registry:read", "registry", "/v1/participants"),
              "cases": ("sanctions:read", "sanctions", "/v1/cases"),
              "projects": ("registry:read", "registry", "/v1/construction-projects"),
              "checks": ("sanctions:read", "sanctions", "/v1/licence-checks")}
    shown = {name: spec for name, spec in wanted.items() if spec[0] in scopes}
    answers = await asyncio.gather(*(call(service_url(request, service), staff, "GET", path, params=by_employer)
                                     for _, service, path in shown.values()))
    return dict(zip(shown, answers, strict=True))
