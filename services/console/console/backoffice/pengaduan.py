"""Pengaduan: the complaints of the regency (registry, docs/API.md §15) for the staff who handle them:
the list by stage, category and overdue; a complaint received at the counter or by phone; a
complaint's page with its timeline and the next act of its stage (forward to a person, note, decide
with the article relied on, close with the letter to the complainant). The complainant's data is
shown only as the registry answers it (masked without `pii:read`; every read audited there).

A complaint is assigned to a person of the console (`person:<id>`, how the services name who acts),
chosen among the active persons of the regency whose roles let them handle it; the registry then
shows it to that person only (need-to-know)."""
from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from console.backoffice import choices, lists
from console.backoffice.api import Answer, call
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.people_kit import names_of, regency_of, vocabularies
from console.backoffice.session import Staff
from console.backoffice.views import render, service_url
from console.persons.models import Person
from shared import roles
from shared.app import runtime_of

router = APIRouter(route_class=PageRoute, tags=["back office: complaints"], include_in_schema=False)
CURRENT = "/pengaduan"
FILTERS = ("stage", "category", "overdue", "cursor")
HANDLING_SCOPES = {"registry:write", "complaints:handle"}
PURPOSE = "penanganan pengaduan"


async def handlers_of(request: Request, regency_code: str) -> dict[str, str]:
    """`person:<id>` -> "Name (position)" of the active persons of the regency who may handle a complaint."""
    async with runtime_of(request).sessions() as session:
        persons = (await session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.name))).all()
    return {f"person:{p.id}": f"{p.name}{f' ({p.position})' if p.position else ''}" for p in persons
            if regency_code in (p.regencies or []) and roles.scopes_of(set(p.roles or [])) & HANDLING_SCOPES}


def _terms(vocabulary: dict, name: str) -> dict[str, dict]:
    return {t["id"]: t for t in vocabulary.get(name) or []}


@router.get("/pengaduan", response_class=HTMLResponse)
async def complaint_list(request: Request, staff: Staff = SignedIn):
    query = lists.query_of(request, FILTERS)
    words = await vocabularies(request, staff, "registry")
    params = {"regency_code": regency_of(staff), "limit": lists.PAGE_SIZE, **query}
    if params.pop("overdue", None):
        params["overdue"] = "true"
    answer = await call(service_url(request, "registry"), staff, "GET", "/v1/complaints",
                        params={k: v for k, v in params.items() if v})
    rows = answer.body["items"] if answer.ok else []
    filters = {k: v for k, v in query.items() if k != "cursor"}
    next_cursor = answer.body.get("next_cursor") if answer.ok else None
    return render("pengaduan/list.html", staff, current=CURRENT, form=filters, answer=answer, rows=rows,
                  stages=_labels(words, "complaint_stages", choices.COMPLAINT_STAGES),
                  categories=_labels(words, "complaint_categories", {}),
                  channels=_labels(words, "complaint_channels", {}),
                  names=await names_of(request, [r.get("assignee") or "" for r in rows]),
                  next_link=lists.link(CURRENT, filters, cursor=next_cursor) if next_cursor else None)


def _labels(words: dict, name: str, fallback: dict[str, str]) -> dict[str, str]:
    terms = _terms(words, name)
    return {k: t.get("label") or k for k, t in terms.items()} if terms else dict(fallback)


async def _form_page(request: Request, staff: Staff, form: dict, answer: Answer | None) -> HTMLResponse:
    words = await vocabularies(request, staff, "registry")
    channels = {k: t.get("label") or k for k, t in _terms(words, "complaint_channels").items()
                if not t.get("automatic_only")}
    tracked = [k for k, t in _terms(words, "complaint_channels").items() if t.get("tracking_id_required")]
    return render("pengaduan/form.html", staff, current=CURRENT, form=form, answer=answer, channels=channels,
                  categories=_labels(words, "complaint_categories", {}),
                  tracked=[channels[k] for k in tracked if k in channels])


@router.get("/pengaduan/baru", response_class=HTMLResponse)
async def complaint_form(request: Request, staff: Staff = SignedIn):
    return await _form_page(request, staff, {"received_on": dt.date.today().isoformat(),
                                             "idem": str(uuid.uuid4())}, None)


@router.post("/pengaduan/baru", response_class=HTMLResponse)
async def complaint_create(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    body = {"regency_code": regency_of(staff), "channel": form.get("channel") or None,
            "category": form.get("category") or None,
            "complainant": {"name": form.get("name") or None, "contact": form.get("contact") or None},
            "description": form.get("description") or None, "received_on": form.get("received_on") or None,
            "lapor_tracking_id": form.get("lapor_tracking_id") or None}
    answer = await call(service_url(request, "registry"), staff, "POST", "/v1/complaints", json=body,
                        idempotency_key=form.get("idem"))
    if answer.ok:
        return RedirectResponse(f"{CURRENT}/{answer.body['id']}", status_code=303)
    return await _form_page(request, staff, form, answer)


async def _complaint_page(request: Request, staff: Staff, complaint_id: uuid.UUID, answer: Answer | None = None,
                          form: dict | None = None, action: str = "") -> HTMLResponse:
    found = await call(service_url(request, "registry"), staff, "GET", f"/v1/complaints/{complaint_id}",
                       params={"purpose": PURPOSE})
    if not found.ok:
        return render("message.html", staff, 200, title="Pengaduan", text=found.message)
    complaint = found.body
    words = await vocabularies(request, staff, "registry")
    category = _terms(words, "complaint_categories").get(complaint["category"], {})
    actors = [complaint.get("assignee") or "", *(e.get("actor") or "" for e in complaint.get("timeline") or [])]
    form = form or {"citation": category.get("citation") or ""}
    return render("pengaduan/complaint.html", staff, current=CURRENT, complaint=complaint, answer=answer,
                  form=form, action=action, category=category, names=await names_of(request, actors),
                  stages=_labels(words, "complaint_stages", choices.COMPLAINT_STAGES),
                  channels=_labels(words, "complaint_channels", {}),
                  handlers=await handlers_of(request, complaint["regency_code"]))


@router.get("/pengaduan/{complaint_id}", response_class=HTMLResponse)
async def complaint_page(complaint_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await _complaint_page(request, staff, complaint_id)


ACTS = {  # page action -> (registry path, the body from the posted form)
    "teruskan": ("assignment", lambda f: {"assignee": f.get("assignee") or None, "office": f.get("office") or None}),
    "catatan": ("notes", lambda f: {"text": f.get("text") or None}),
    "putuskan": ("decision", lambda f: {"decision": f.get("decision") or None, "reasons": f.get("reasons") or None,
                                        "citation": f.get("citation") or None}),
    "tutup": ("closure", lambda f: {"letter_number": f.get("letter_number") or None,
                                    "sent_on": f.get("sent_on") or None}),
}


@router.post("/pengaduan/{complaint_id}/{action}", response_class=HTMLResponse)
async def complaint_act(complaint_id: uuid.UUID, action: str, request: Request, staff: Staff = SignedIn,
                        form: Fields = Posted):
    if action not in ACTS:
        return render("message.html", staff, 404, title="Pengaduan", text="Tindakan tidak dikenal.")
    path, body_of = ACTS[action]
    answer = await call(service_url(request, "registry"), staff, "POST", f"/v1/complaints/{complaint_id}/{path}",
                        json=body_of(form))
    if answer.ok:
        return RedirectResponse(f"{CURRENT}/{complaint_id}", status_code=303)
    return await _complaint_page(request, staff, complaint_id, answer, form, action)
