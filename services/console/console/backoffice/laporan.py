"""Laporan: the report calendar the regency's regulation sets (due dates and status, from reporting's
`GET /v1/reports`), each report's PDF/XLSX download (fetched as the person and handed to the browser),
the BPJS monthly recap register (Berau Pasal 22: `GET/POST /v1/bpjs-recaps`) and the link to the
regent's dashboard."""
from __future__ import annotations

import datetime as dt
import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.backoffice.api import Answer, call, download
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.session import Staff
from console.backoffice.views import HEADERS, render, service_url
from shared import roles
from shared.app import runtime_of

router = APIRouter(route_class=PageRoute, tags=["back office: reports"], include_in_schema=False)
CURRENT = "/laporan"
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def _year(request: Request) -> int:
    text = request.query_params.get("tahun", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else dt.date.today().year


def dashboard_url(request: Request, regency_code: str) -> str:
    settings = runtime_of(request).settings
    base = settings.dashboard_url or service_url(request, "reporting").rstrip("/") + "/dashboard/"
    return f"{base}#regency={regency_code}"


async def _page(request: Request, staff: Staff, year: int, form: dict | None = None, answer: Answer | None = None):
    base, regency = service_url(request, "reporting"), staff.person.regencies[0]
    calendar = await call(base, staff, "GET", "/v1/reports", params={"regency_code": regency, "year": year})
    recaps = await call(base, staff, "GET", "/v1/bpjs-recaps", params={"regency_code": regency, "year": year})
    may_record = "reporting:write" in roles.scopes_of(set(staff.person.roles))
    options = {m["period"]: m["period_label"] for m in (recaps.body or {}).get("months", [])} if recaps.ok else {}
    return render("laporan/index.html", staff, current=CURRENT, year=year, calendar=calendar, recaps=recaps,
                  recap_options=options,
                  dashboard=dashboard_url(request, regency), may_record=may_record, months=MONTHS,
                  form=form or {}, answer=answer)


@router.get("/laporan", response_class=HTMLResponse)
async def index(request: Request, staff: Staff = SignedIn):
    return await _page(request, staff, _year(request))


@router.get("/laporan/unduh/{report_id}/{period}.{fmt}")
async def report_file(report_id: str, period: str, fmt: str, request: Request, staff: Staff = SignedIn):
    """A report's PDF or XLSX: an ended period is the registered official document, a running one a draft."""
    if fmt not in ("pdf", "xlsx") or not re.fullmatch(r"[a-z0-9_]{1,64}", report_id) \
            or not re.fullmatch(r"[0-9A-Z-]{4,7}", period):
        return render("message.html", staff, 404, title="Laporan", text="Laporan tidak ditemukan.")
    _, got = await download(service_url(request, "reporting"), staff, f"/v1/reports/{report_id}/{period}.{fmt}",
                            params={"regency_code": staff.person.regencies[0]})
    if got is None or got.status_code != 200:
        return render("message.html", staff, 200, title="Laporan",
                      text="Laporan belum dapat diunduh (periode belum dimulai atau layanan tidak tersedia).")
    disposition = got.headers.get("content-disposition", "")
    name = disposition.partition("filename=")[2].strip('"; ') or f"laporan-{report_id}-{period}.{fmt}"
    return Response(got.content, media_type=got.headers.get("content-type"),
                    headers={**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/laporan/rekap-bpjs", response_class=HTMLResponse)
async def record_recap(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """The day BPJS's monthly recap came in (reporting:write); a correction replaces the earlier date."""
    body = {"regency_code": staff.person.regencies[0], "period": form.get("period"),
            "received_on": form.get("received_on") or None, "reference": form.get("reference") or None}
    answer = await call(service_url(request, "reporting"), staff, "POST", "/v1/bpjs-recaps", json=body)
    year = int(form["period"][:4]) if re.fullmatch(r"\d{4}-\d{2}", form.get("period", "")) else dt.date.today().year
    if answer.ok:
        return RedirectResponse(f"/laporan?tahun={year}#rekap", status_code=303)
    return await _page(request, staff, year, form, answer)
