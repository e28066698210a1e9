"""Konstruksi (issue 15 item 7): construction projects with their SPK date, the BPJS registration
deadline (14 working days after the SPK, computed by the registry from the regency's calendar) and
status, an overdue filter, a project's page with its registration date recorded, and registering a
project (registry `POST /v1/construction-projects`, double submission safe by Idempotency-Key)."""
from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from console.backoffice import choices, lists
from console.backoffice.api import Answer, call
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.session import Staff
from console.backoffice.views import render, service_url
from console.backoffice.vocabularies import labels

router = APIRouter(route_class=PageRoute, tags=["back office"], include_in_schema=False)
FILTERS = ("status", "terlambat", "cursor")


def _params(staff, query: dict[str, str], today: dt.date) -> dict:
    params = {"regency_code": staff.person.regencies[0]}
    if query.get("status") in choices.PROJECT_STATUSES:
        params["status"] = query["status"]
    if query.get("terlambat"):  # past the deadline and still unregistered
        params.update(status="late", deadline_before=today.isoformat())
    return params


@router.get("/konstruksi", response_class=HTMLResponse)
async def project_list(request: Request, staff: Staff = SignedIn):
    query = lists.query_of(request, FILTERS)
    params = {**_params(staff, query, dt.date.today()), "limit": lists.PAGE_SIZE, "cursor": query.get("cursor")}
    answer = await call(service_url(request, "registry"), staff, "GET", "/v1/construction-projects",
                        params={k: v for k, v in params.items() if v})
    rows = answer.body["items"] if answer.ok else []
    if query.get("terlambat"):
        rows = [p for p in rows if not p.get("bpjs_registered_on")]
    filters = {k: v for k, v in query.items() if k != "cursor"}
    next_cursor = answer.body.get("next_cursor") if answer.ok else None
    return render("construction/list.html", staff, form=filters, answer=answer, rows=rows, current="/konstruksi",
                  next_link=lists.link("/konstruksi", filters, cursor=next_cursor) if next_cursor else None)


async def _form_page(request: Request, staff, form: dict, answer: Answer | None):
    funding = await labels(service_url(request, "registry"), staff, staff.person.regencies[0],
                           "construction_funding_sources", choices.CONSTRUCTION_FUNDING)
    return render("construction/form.html", staff, form=form, answer=answer, funding=funding,
                  current="/konstruksi")


@router.get("/konstruksi/baru", response_class=HTMLResponse)
async def project_form(request: Request, staff: Staff = SignedIn):
    return await _form_page(request, staff, {"nib": request.query_params.get("nib", ""),
                                             "idem": str(uuid.uuid4())}, None)


@router.post("/konstruksi/baru", response_class=HTMLResponse)
async def project_register(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    registry, regency = service_url(request, "registry"), staff.person.regencies[0]
    found = await call(registry, staff, "GET", "/v1/employers", params={"regency_code": regency,
                                                                      "nib": form.get("nib") or "-", "limit": 1})
    employers = found.body.get("items") if found.ok else None
    if not employers:
        reason = "Pemberi kerja dengan NIB ini belum terdaftar di kabupaten Anda." if found.ok else found.message
        return await _form_page(request, staff, form, Answer(422, None, "Periksa isian yang ditandai di bawah.",
                                                              {"nib": reason}))
    value = form.get("contract_value", "").replace(".", "")
    body = {"regency_code": regency, "employer_id": employers[0]["id"], "name": form.get("name") or None,
            "contract_value": int(value) if value.isdigit() else None, "funding_source": form.get("funding_source"),
            "spk_date": form.get("spk_date") or None, "bpjs_registered_on": form.get("bpjs_registered_on") or None}
    answer = await call(registry, staff, "POST", "/v1/construction-projects", json=body,
                        idempotency_key=form.get("idem"))
    if answer.ok:
        return RedirectResponse(f"/konstruksi/{answer.body['id']}", status_code=303)
    return await _form_page(request, staff, form, answer)


async def _project_page(request: Request, staff, project_id: uuid.UUID, answer: Answer | None = None,
                        form: dict | None = None):
    registry = service_url(request, "registry")
    found = await call(registry, staff, "GET", f"/v1/construction-projects/{project_id}")
    if not found.ok:
        return render("message.html", staff, 200, title="Proyek konstruksi", text=found.message)
    employer = await call(registry, staff, "GET", f"/v1/employers/{found.body['employer_id']}")
    return render("construction/project.html", staff, project=found.body, answer=answer, form=form or {},
                  employer=employer.body if employer.ok else None, current="/konstruksi")


@router.get("/konstruksi/{project_id}", response_class=HTMLResponse)
async def project_page(project_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await _project_page(request, staff, project_id)


@router.post("/konstruksi/{project_id}/pendaftaran", response_class=HTMLResponse)
async def project_registration(project_id: uuid.UUID, request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """The day the project's workers were registered with BPJS Ketenagakerjaan."""
    answer = await call(service_url(request, "registry"), staff, "POST",
                        f"/v1/construction-projects/{project_id}/registration",
                        json={"registered_on": form.get("registered_on") or None})
    if answer.ok:
        return RedirectResponse(f"/konstruksi/{project_id}", status_code=303)
    return await _project_page(request, staff, project_id, answer, form)
