"""Pengaturan: persons and their roles (the console's own `/v1/persons` API, called in-process through
the app itself as the logged-in admin), the regency's workforce estimate and UCJ target with their
source (reporting's `PUT/GET /v1/targets/{regency}/{year}`), and the profile check (the regulation
kernel's `python -m shared.regulation check`, run here read-only) listing problems in the rules data."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation

import anyio
import httpx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from console.backoffice.api import Answer, _problem, call
from console.backoffice.guard import PageRoute, SignedIn
from console.backoffice.people_kit import names_of
from console.backoffice.session import Staff, csrf_ok
from console.backoffice.views import expired, render, service_url
from shared import regulation, roles
from shared.regulation.kernel import ProfileProblems, load

router = APIRouter(route_class=PageRoute, tags=["back office: settings"], include_in_schema=False)
CURRENT = "/pengaturan"
NOT_ADMIN = "Halaman ini hanya untuk Administrator Sistem."


def _scopes(staff: Staff) -> frozenset[str]:
    return roles.scopes_of(set(staff.person.roles))


async def _own_api(request: Request, staff: Staff, method: str, path: str, *, json=None, params=None) -> Answer:
    """The console's own persons API, through the app in-process (same checks, same audit)."""
    headers = {"Authorization": f"Bearer {staff.token}", "Accept-Language": "id"}
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://console", timeout=30) as http:
        response = await http.request(method, path, json=json, params=params, headers=headers)
    body = response.json() if response.headers.get("content-type", "").startswith("application/") else None
    return Answer(response.status_code, body) if response.is_success else _problem(response.status_code, body)


async def _form(request: Request) -> tuple[dict[str, str], list[str]]:
    form = await request.form()
    return {k: str(v).strip() for k, v in form.items()}, [str(v) for v in form.getlist("roles")]


def _role_choices(staff: Staff) -> dict[str, str]:
    usable = roles.regency_roles(staff.person.regencies[0])
    return {k: r.label for k, r in roles.catalogue().items() if k in usable}


@router.get("/pengaturan", response_class=HTMLResponse)
async def index(request: Request, staff: Staff = SignedIn):
    return render("pengaturan/index.html", staff, current=CURRENT, scopes_held=_scopes(staff))


# --- persons and roles ------------------------------------------------------------------------
async def _persons_page(request: Request, staff: Staff, form: dict | None = None, answer: Answer | None = None,
                        chosen: list[str] | None = None):
    listed = await _own_api(request, staff, "GET", "/v1/persons",
                            params={"regency_code": staff.person.regencies[0], "limit": 500})
    return render("pengaturan/persons.html", staff, current=CURRENT, persons=listed, role_choices=_role_choices(staff),
                  form=form or {}, answer=answer, chosen=chosen or [])


@router.get("/pengaturan/petugas", response_class=HTMLResponse)
async def persons(request: Request, staff: Staff = SignedIn):
    if "admin" not in _scopes(staff):
        return render("message.html", staff, 403, title="Petugas dan peran", text=NOT_ADMIN)
    return await _persons_page(request, staff)


@router.post("/pengaturan/petugas", response_class=HTMLResponse)
async def person_create(request: Request, staff: Staff = SignedIn):
    form, chosen = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    body = {"username": form.get("username", ""), "password": form.get("password", ""), "name": form.get("name", ""),
            "nip": form.get("nip") or None, "office": form.get("office") or None,
            "position": form.get("position") or None, "roles": chosen, "regencies": [staff.person.regencies[0]]}
    answer = await _own_api(request, staff, "POST", "/v1/persons", json=body)
    if answer.ok:
        return RedirectResponse(f"/pengaturan/petugas/{answer.body['id']}", status_code=303)
    form.pop("password", None)  # never sent back to the browser
    return await _persons_page(request, staff, form, answer, chosen)


async def _person(request: Request, staff: Staff, person_id: uuid.UUID) -> dict | None:
    listed = await _own_api(request, staff, "GET", "/v1/persons",
                            params={"regency_code": staff.person.regencies[0], "limit": 500})
    return next((p for p in (listed.body or {}).get("items", []) if p["id"] == str(person_id)), None) \
        if listed.ok else None


async def _person_page(request: Request, staff: Staff, person_id: uuid.UUID, answer: Answer | None = None,
                       notice: str | None = None):
    person = await _person(request, staff, person_id)
    if person is None:
        return render("message.html", staff, 404, title="Petugas", text="Petugas tidak ditemukan.")
    return render("pengaturan/person.html", staff, current=CURRENT, person=person,
                  role_choices=_role_choices(staff), answer=answer, notice=notice)


@router.get("/pengaturan/petugas/{person_id}", response_class=HTMLResponse)
async def person_page(person_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    if "admin" not in _scopes(staff):
        return render("message.html", staff, 403, title="Petugas dan peran", text=NOT_ADMIN)
    return await _person_page(request, staff, person_id)


@router.post("/pengaturan/petugas/{person_id}/{action}", response_class=HTMLResponse)
async def person_action(person_id: uuid.UUID, action: str, request: Request, staff: Staff = SignedIn):
    """`peran`: replace the roles; `nonaktifkan`: deactivate (logins stop at once)."""
    form, chosen = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    if action == "peran":
        answer = await _own_api(request, staff, "PUT", f"/v1/persons/{person_id}/roles", json={"roles": chosen})
        notice = "Peran disimpan; berlaku saat petugas masuk berikutnya."
    elif action == "nonaktifkan":
        answer = await _own_api(request, staff, "POST", f"/v1/persons/{person_id}/deactivate")
        notice = "Akun dinonaktifkan; petugas tidak dapat masuk lagi."
    else:
        return render("message.html", staff, 404, title="Petugas", text="Halaman tidak ditemukan.")
    if answer.ok:
        return await _person_page(request, staff, person_id, notice=notice)
    return await _person_page(request, staff, person_id, answer=answer)


# --- workforce estimate and UCJ target ----------------------------------------------------------
def _year(request: Request) -> int:
    text = request.query_params.get("tahun", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else dt.date.today().year


async def _target_page(request: Request, staff: Staff, year: int, form: dict | None = None,
                       answer: Answer | None = None, notice: str | None = None):
    target = await call(service_url(request, "reporting"), staff, "GET",
                        f"/v1/targets/{staff.person.regencies[0]}/{year}")
    versions = [target.body, *target.body.get("history", [])] if target.ok else []
    names = await names_of(request, [v.get("recorded_by", "") for v in versions])
    return render("pengaturan/target.html", staff, current=CURRENT, year=year, target=target, names=names,
                  may_write="reporting:write" in _scopes(staff), form=form or {}, answer=answer, notice=notice)


@router.get("/pengaturan/target", response_class=HTMLResponse)
async def target(request: Request, staff: Staff = SignedIn):
    return await _target_page(request, staff, _year(request))


def _percent(text: str) -> float | None:
    """"75", "75,5" or "75.5" (per cent, as people write it) -> 0.755; None when not a number."""
    try:
        value = Decimal(text.replace("%", "").replace(",", ".").strip())
    except InvalidOperation:
        return None
    return float(value / 100) if value.is_finite() else None


@router.post("/pengaturan/target", response_class=HTMLResponse)
async def target_record(request: Request, staff: Staff = SignedIn):
    form, _ = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    year = int(form["year"]) if form.get("year", "").isdigit() else dt.date.today().year
    estimate = form.get("workforce_estimate", "").replace(".", "").replace(" ", "")
    ratio = _percent(form.get("target_ratio", ""))
    wrong = {}
    if not estimate.isdigit():
        wrong["workforce_estimate"] = "Isi jumlah angkatan kerja dengan angka."
    if ratio is None:
        wrong["target_ratio"] = "Isi target cakupan dalam persen, misalnya 75."
    if wrong:
        return await _target_page(request, staff, year, form, Answer(200, None, "Periksa isian yang ditandai.", wrong))
    body = {"workforce_estimate": int(estimate), "target_ratio": ratio, "source": form.get("source", "")}
    answer = await call(service_url(request, "reporting"), staff, "PUT",
                        f"/v1/targets/{staff.person.regencies[0]}/{year}", json=body)
    if answer.ok:
        return await _target_page(request, staff, year, notice="Target tersimpan (versi sebelumnya tetap tercatat).")
    return await _target_page(request, staff, year, form, answer)


# --- profile check -------------------------------------------------------------------------------
def _check() -> list[str]:
    """Every problem the kernel finds in the profiles folder as it is on disk now (none: valid)."""
    try:
        load()
    except ProfileProblems as problems:
        return [str(p) for p in problems.problems]
    return []


@router.get("/pengaturan/profil", response_class=HTMLResponse)
async def profile_check(request: Request, staff: Staff = SignedIn):
    code = staff.person.regencies[0]
    problems = await anyio.to_thread.run_sync(_check)
    folder = regulation.regency_dirs().get(code)
    own = [p for p in problems if folder and folder.name in p]
    return render("pengaturan/profile.html", staff, current=CURRENT, own=own,
                  others=[p for p in problems if p not in own], folder=folder.name if folder else code,
                  checked_at=dt.datetime.now().strftime("%H.%M"))
