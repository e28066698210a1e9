"""The back-office pages (Bahasa Indonesia). Each handler reads the form, calls a service's public API
as the logged-in person, and renders a template; a refused form comes back with its input kept and
the service's reason next to the field."""
from __future__ import annotations

import functools
import uuid
from pathlib import Path

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from console.backoffice import choices, formats, ladder, menu
from console.backoffice.api import Answer, call
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.session import Staff, csrf_ok
from shared import roles
from shared.app import runtime_of
from shared.regulation import regency_dirs

HERE = Path(__file__).parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
TEMPLATES.filters.update(angka=formats.angka, rupiah=formats.rupiah, tanggal=formats.tanggal)
TEMPLATES.filters.update(persen=formats.persen)
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"}
PROPOSED = ("Usulan tersimpan dan menunggu persetujuan pejabat yang berwenang (kontrol dua orang); "
            "belum berlaku sampai disetujui.")
router = APIRouter(route_class=PageRoute, tags=["back office"], include_in_schema=False)


class Html(HTMLResponse):
    def __init__(self, content: str, status_code: int = 200):
        super().__init__(content, status_code=status_code, headers=HEADERS)


@functools.cache
def regency_names() -> dict[str, str]:
    """The regencies' official names from their profiles (the pages carry the regency's name)."""
    return {code: yaml.safe_load((path / "regency.yaml").read_text(encoding="utf-8"))["name_full"]
            for code, path in regency_dirs().items()}


# a form shown again with the service's reasons is a 200 page (the browser counts a 4xx document as a
# failed load); the reasons are in role=alert and aria-invalid fields
def render(template: str, staff: Staff | None, status: int = 200, **context) -> Html:
    names = regency_names()
    regency = (staff.person.regencies[0] if staff and staff.person.regencies else None)
    scopes = roles.scopes_of(set(staff.person.roles)) if staff else set()
    html = TEMPLATES.get_template(template).render(
        staff=staff, scopes=scopes, regency_name=names.get(regency or "", "Lindung"), regencies=names,
        role_labels={k: r.label for k, r in roles.catalogue().items()}, c=choices,
        menu=menu.entries_for(scopes), **context)
    return Html(html, status)


def login_needed() -> RedirectResponse:
    return RedirectResponse("/masuk", status_code=303)


def expired(staff: Staff) -> Html:
    return render("message.html", staff, 400, title="Formulir kedaluwarsa",
                  text="Formulir ini sudah tidak berlaku. Muat ulang halaman lalu kirim lagi.")


def service_url(request: Request, service: str) -> str:
    return getattr(runtime_of(request).settings, f"{service}_url")


@router.get("/static/console.css")
async def stylesheet():
    return Response((HERE / "static" / "console.css").read_text(), media_type="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/favicon.ico")
async def favicon():
    return Response((HERE / "static" / "favicon.svg").read_text(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/pemberi-kerja/baru", response_class=HTMLResponse)
async def employer_form(request: Request, staff: Staff = SignedIn):
    return render("employer_form.html", staff, form={"regency_code": staff.person.regencies[0]}, answer=None,
                  idem=str(uuid.uuid4()))


@router.post("/pemberi-kerja/baru", response_class=HTMLResponse)
async def employer_register(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    body = {k: form.get(k) or None for k in ("regency_code", "name", "nib", "npwp", "kind", "business_scale",
                                             "sector", "address", "bpjs_registration_number")}
    body["workers"] = int(form["workers"]) if form.get("workers", "").isdigit() else None
    answer = await call(service_url(request, "registry"), staff, "POST", "/v1/employers", json=body,
                        idempotency_key=form.get("idem"))
    if answer.ok:
        return RedirectResponse(f"/pemberi-kerja/{answer.body['id']}", status_code=303)
    return render("employer_form.html", staff, 200, form=form, answer=answer, idem=form.get("idem"))


@router.post("/pemberi-kerja/{employer_id}/kasus", response_class=HTMLResponse)
async def case_open(employer_id: uuid.UUID, request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    found = await call(service_url(request, "registry"), staff, "GET", f"/v1/employers/{employer_id}")
    if not found.ok:
        return render("message.html", staff, found.status, title="Pemberi kerja", text=found.message)
    body = {"regency_code": found.body["regency_code"], "employer_id": str(employer_id),
            "violation": form.get("violation"), "source": form.get("source"),
            "reference": form.get("reference") or None, "date": form.get("date") or None,
            "evidence": form.get("evidence") or None}
    answer = await call(service_url(request, "sanctions"), staff, "POST", "/v1/cases", json=body)
    if answer.ok:
        return RedirectResponse(f"/kasus/{answer.body['id']}", status_code=303)
    return render("employer.html", staff, 200, employer=found.body, form=form, answer=answer, idem=form.get("idem"))


async def _case_page(request: Request, staff: Staff, case_id: uuid.UUID, status: int = 200,
                     answer: Answer | None = None, form: dict | None = None, action: str = "",
                     notice: str | None = None) -> Html:
    found = await call(service_url(request, "sanctions"), staff, "GET", f"/v1/cases/{case_id}")
    if not found.ok:
        return render("message.html", staff, found.status, title="Kasus", text=found.message)
    flow = await call(service_url(request, "sanctions"), staff, "GET", "/v1/vocabularies",
                      params={"regency_code": found.body["regency_code"]})
    vocabulary = flow.body if flow.ok and isinstance(flow.body, dict) else {}
    return render("case.html", staff, status, case=found.body, answer=answer, form=form or {}, action=action,
                  notice=notice, timeline=ladder.timeline(found.body),
                  next_steps=ladder.next_steps(vocabulary.get("case_flow") or [], found.body["state"]),
                  prerequisites={t["id"]: t["label"] for t in vocabulary.get("prerequisites") or []},
                  warner=next((t.get("issued_by") for t in vocabulary.get("ladder") or [] if t["id"] == "warning"),
                              "regency"))


@router.get("/kasus/{case_id}", response_class=HTMLResponse)
async def case_page(case_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await _case_page(request, staff, case_id)


@router.post("/kasus/{case_id}/{action}", response_class=HTMLResponse)
async def case_action(case_id: uuid.UUID, action: str, request: Request, staff: Staff = SignedIn):
    if action not in ("bukti", "keputusan"):
        return render("message.html", staff, 404, title="Kasus", text="Halaman tidak ditemukan.")
    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items()}
    if not csrf_ok(request, values.get("csrf")):
        return expired(staff)
    if action == "bukti":
        amount = values.get("amount", "").replace(".", "")
        body = {"kind": values.get("kind"), "reference": values.get("reference") or None,
                "date": values.get("date") or None, "amount": int(amount) if amount.isdigit() else None}
        path = f"/v1/cases/{case_id}/evidence"
    else:
        body = {"decision": values.get("decision"), "decree_number": values.get("decree_number"),
                "services": form.getlist("services"), "date": values.get("date") or None}
        path = f"/v1/cases/{case_id}/decisions"
    answer = await call(service_url(request, "sanctions"), staff, "POST", path, json=body)
    if answer.status == 202:  # a proposal under two-person control: nothing took effect yet
        return await _case_page(request, staff, case_id, notice=PROPOSED)
    if answer.ok:
        return RedirectResponse(f"/kasus/{case_id}", status_code=303)
    return await _case_page(request, staff, case_id, 200, answer, values, action)


@router.get("/izin", response_class=HTMLResponse)
async def clearance(request: Request, staff: Staff = SignedIn):
    query = {k: v for k, v in request.query_params.items() if k in ("regency_code", "service", "employer_id") and v}
    answer = None
    if query.get("service") and query.get("employer_id"):
        query.setdefault("regency_code", staff.person.regencies[0])
        typed = query["employer_id"].strip()  # OSS knows the NIB (13 digits); the registry's id works too
        params = {**query, "employer_id": None, "nib": typed} if typed.isdigit() else query
        answer = await call(service_url(request, "sanctions"), staff, "GET", "/v1/clearance",
                            params={k: v for k, v in params.items() if v})
        if answer.fields.get("nib") and not answer.fields.get("employer_id"):
            answer.fields["employer_id"] = answer.fields["nib"]  # shown next to the one field typed in
    return render("clearance.html", staff, form=query, answer=answer)
