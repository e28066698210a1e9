"""Peserta (participants, issue 15 item 2): the regency's list with filters, NIK search by POST (never
in a URL), a person's page (memberships, evaluations, aid, history), personal data only for roles with
`pii:read` and only after stating a purpose (X-Lindung-Purpose, audited by the registry), the register
form (choices from the registry's vocabularies, the NIK checked against the birth date and sex typed),
and termination with the regency's reasons (TTS Pasal 20(1)) and the decree number."""
from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from console.backoffice.api import Answer, call, call_for_purpose
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.people_kit import choices, may_see_pii, pass_file, regency_of, scopes_of, vocabularies
from console.backoffice.session import Staff, csrf_ok
from console.backoffice.views import expired, render, service_url
from shared.identifiers import InvalidNIK, check_nik_matches, parse_nik

router = APIRouter(route_class=PageRoute, include_in_schema=False)
FILTERS = ("category", "status", "funding", "worker_type", "village_code")
OUTCOMES = {"eligible": "Layak", "ineligible": "Tidak layak", "needs_information": "Perlu data tambahan"}
PURPOSE_NEEDED = "Tujuan wajib diisi (tercatat di jejak audit)."
SEXES = {"F": "Perempuan", "M": "Laki-laki"}
FIELDS = ("nik", "full_name", "birth_place", "birth_date", "sex", "mother_maiden_name", "address", "village_code",
          "worker_type", "category", "occupation")


def nik_problems(form: dict[str, str], regency_code: str) -> dict[str, str]:
    """The NIK as typed against the other fields (docs/API.md §3): the reasons in Indonesian, next to
    the field they concern, before anything is sent."""
    try:
        birth = dt.date.fromisoformat(form.get("birth_date", ""))
    except ValueError:
        birth = None
    try:
        parsed = parse_nik(form.get("nik", ""), stated_birth_date=birth)
    except InvalidNIK as bad:
        return {"nik": _sentence(bad.reason) + "."}
    out = {name: _sentence(text) + f" (NIK: {_nik_says(parsed, name)})."
           for name, text in check_nik_matches(parsed, birth_date=birth, sex=form.get("sex") or None)}
    if parsed.province_code != regency_code[:2]:
        out["nik"] = (f"Kode wilayah NIK ({parsed.regency_code}) bukan provinsi kabupaten ini; periksa kembali "
                      "atau daftarkan di kabupaten tempat peserta berdomisili.")
    return out


def _sentence(text: str) -> str:
    """The Indonesian half of an "id / en" reason, as a sentence."""
    indonesian = text.split(" / ")[0].strip()
    return indonesian[:1].upper() + indonesian[1:]


def _nik_says(parsed, name: str) -> str:
    if name == "sex":
        return SEXES[parsed.sex].lower()
    return f"{parsed.birth_date.day:02d}-{parsed.birth_date.month:02d}-{parsed.birth_date.year}"


async def _vocab(request: Request, staff: Staff) -> dict:
    terms = await vocabularies(request, staff, "registry")
    return {name: choices(terms.get(name), with_citation=name == "termination_reasons")
            for name in ("categories", "occupations", "worker_types", "funding", "participant_statuses",
                         "termination_reasons", "villages")}


@router.get("/peserta", response_class=HTMLResponse)
async def participants(request: Request, staff: Staff = SignedIn):
    query = {k: v for k, v in request.query_params.items() if k in (*FILTERS, "cursor", "tujuan") and v}
    return render("peserta/list.html", staff, form=query, listed=await _listing(request, staff, query),
                  v=await _vocab(request, staff),
                  pii=may_see_pii(staff), found=None, answer=None, current="/peserta")


async def _listing(request: Request, staff: Staff, query: dict[str, str]) -> Answer | None:
    """The filtered page of the list; None while a person with `pii:read` has not said why (names in
    the list are personal data)."""
    if may_see_pii(staff) and not query.get("tujuan"):
        return None
    params = {"regency_code": regency_of(staff), "limit": 50, **{k: v for k, v in query.items() if k != "tujuan"}}
    return await call_for_purpose(query.get("tujuan") or "lookup", service_url(request, "registry"), staff, "GET",
                                  "/v1/participants", params=params)


@router.post("/peserta/cari", response_class=HTMLResponse)
async def search_nik(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """NIK search: the NIK travels in the POST body and to the registry server-side, never in a URL."""
    found = await call_for_purpose(form.get("tujuan") or "lookup", service_url(request, "registry"), staff, "GET",
                                   "/v1/participants", params={"regency_code": regency_of(staff),
                                                               "nik": form.get("nik", "")})
    if found.status == 422 and "nik" in found.fields:
        found.message = "NIK tidak valid: " + found.fields["nik"]
    form.pop("nik", None)  # never echoed back
    query = {"tujuan": form["tujuan"]} if form.get("tujuan") else {}
    return render("peserta/list.html", staff, form=query, listed=await _listing(request, staff, query),
                  v=await _vocab(request, staff),
                  pii=may_see_pii(staff), found=found, answer=found if not found.ok else None, current="/peserta")


@router.post("/peserta/ekspor")
async def export(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """The filtered list as CSV with Indonesian headers (the registry's export, audited there)."""
    params = {"regency_code": regency_of(staff), "format": "csv",
              **{k: v for k, v in form.items() if k in FILTERS and v}}
    if form.get("tujuan"):
        params["purpose"] = form["tujuan"]
    return await pass_file(request, staff, "registry", "/v1/participants", "Ekspor peserta", params)


@router.get("/peserta/baru", response_class=HTMLResponse)
async def register_form(request: Request, staff: Staff = SignedIn):
    return render("peserta/form.html", staff, form={}, answer=None, v=await _vocab(request, staff),
                  sexes=SEXES, idem=str(uuid.uuid4()), current="/peserta")


@router.post("/peserta/baru", response_class=HTMLResponse)
async def register(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    problems = nik_problems(form, regency_of(staff))
    if problems:
        answer = Answer(422, None, "Periksa isian yang ditandai di bawah.", problems)
    else:
        body = {k: form.get(k) or None for k in FIELDS}
        body["regency_code"] = regency_of(staff)
        answer = await call(service_url(request, "registry"), staff, "POST", "/v1/participants", json=body,
                            idempotency_key=form.get("idem"))
        if answer.ok:
            return RedirectResponse(f"/peserta/{answer.body['id']}?baru=1", status_code=303)
    return render("peserta/form.html", staff, form=form, answer=answer, v=await _vocab(request, staff),
                  sexes=SEXES, idem=form.get("idem"), current="/peserta")


async def person_page(request: Request, staff: Staff, participant_id: uuid.UUID, *, purpose: str | None = None,
                answer: Answer | None = None, form: dict | None = None, notice: str | None = None):
    """A person's page; with `pii:read` the registry answers only once a purpose is stated."""
    registry = service_url(request, "registry")
    person = None
    if purpose or not may_see_pii(staff):
        person = await call_for_purpose(purpose or "lookup", registry, staff, "GET",
                                        f"/v1/participants/{participant_id}")
        if not person.ok:
            return render("message.html", staff, 200, title="Peserta", text=person.message)
    regency = regency_of(staff)
    memberships = await call(registry, staff, "GET", f"/v1/participants/{participant_id}/memberships")
    evaluations = await call(service_url(request, "eligibility"), staff, "GET", "/v1/evaluations",
                             params={"regency_code": regency, "participant_id": str(participant_id)})
    aid = budgets = None
    if "aid:read" in scopes_of(staff):
        aid_url = service_url(request, "contribution_aid")
        aid = await call(aid_url, staff, "GET", "/v1/allocations",
                         params={"regency_code": regency, "participant_id": str(participant_id)})
        budgets = await call(aid_url, staff, "GET", "/v1/budgets", params={"regency_code": regency})
    eligibility_terms = await vocabularies(request, staff, "eligibility")
    aid_terms = await vocabularies(request, staff, "contribution_aid") if aid is not None else {}
    return render("peserta/page.html", staff, pid=str(participant_id), person=person.body if person else None,
                  memberships=memberships, evaluations=evaluations, aid=aid, budgets=budgets,
                  schemes=choices(eligibility_terms.get("schemes")),
                  programs=choices(eligibility_terms.get("programs")),
                  sources=choices(aid_terms.get("funding_sources")), outcomes=OUTCOMES,
                  v=await _vocab(request, staff), sexes=SEXES, pii=may_see_pii(staff), purpose=purpose,
                  answer=answer, form=form or {}, notice=notice,
                  created=request.query_params.get("baru") == "1", current="/peserta")


@router.get("/peserta/{participant_id}", response_class=HTMLResponse)
async def participant_page(participant_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await person_page(request, staff, participant_id)


@router.post("/peserta/{participant_id}", response_class=HTMLResponse)
async def participant_with_purpose(participant_id: uuid.UUID, request: Request, staff: Staff = SignedIn,
                                   form: Fields = Posted):
    """The personal data, after the person states why (the page is the POST answer: nothing in a URL)."""
    if not form.get("tujuan"):
        return await person_page(request, staff, participant_id, answer=Answer(
            422, None, "Tuliskan tujuan akses data pribadi.", {"tujuan": PURPOSE_NEEDED}))
    return await person_page(request, staff, participant_id, purpose=form["tujuan"])


@router.post("/peserta/{participant_id}/berhenti", response_class=HTMLResponse)
async def terminate(participant_id: uuid.UUID, request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """Ending the membership for one of the regency's reasons (TTS Pasal 20(1)), with the decree number."""
    body = {"reason": form.get("reason") or None, "effective_date": form.get("effective_date") or None,
            "decree_number": form.get("decree_number") or None}
    answer = await call(service_url(request, "registry"), staff, "POST",
                        f"/v1/participants/{participant_id}/terminations", json=body)
    if answer.ok:
        return await person_page(request, staff, participant_id, notice="Kepesertaan dihentikan dan tercatat.")
    return await person_page(request, staff, participant_id, answer=answer, form={**form, "_action": "berhenti"})


@router.post("/peserta/{participant_id}/kepesertaan", response_class=HTMLResponse)
async def start_membership(participant_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    """Programmes from a date, paid by the person, the employer or contribution aid (docs/API.md §7)."""
    posted = await request.form()
    form = {k: str(v).strip() for k, v in posted.items()}
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    body = {"programs": posted.getlist("programs"), "start_date": form.get("start_date") or None,
            "funding": form.get("funding") or None}
    answer = await call(service_url(request, "registry"), staff, "POST",
                        f"/v1/participants/{participant_id}/memberships", json=body)
    if answer.ok:
        return await person_page(request, staff, participant_id, notice="Kepesertaan dimulai dan tercatat.")
    return await person_page(request, staff, participant_id, answer=answer, form={**form, "_action": "mulai"})


EDITABLE = ("full_name", "birth_place", "mother_maiden_name", "address", "village_code", "worker_type", "category",
            "occupation")
EDIT_PURPOSE = "Perbaikan data peserta"  # the act itself is the reason the form shows the record


async def _edit_page(request: Request, staff: Staff, participant_id: uuid.UUID, form: dict | None = None,
                     answer: Answer | None = None):
    found = await call_for_purpose(EDIT_PURPOSE, service_url(request, "registry"), staff, "GET",
                                   f"/v1/participants/{participant_id}")
    if not found.ok:
        return render("message.html", staff, 200, title="Peserta", text=found.message)
    current = {k: str(found.body.get(k) or "") for k in EDITABLE}
    return render("peserta/edit.html", staff, pid=str(participant_id), person=found.body, form=form or current,
                  answer=answer, v=await _vocab(request, staff), pii=may_see_pii(staff), current="/peserta")


@router.get("/peserta/{participant_id}/ubah", response_class=HTMLResponse)
async def edit_form(participant_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    return await _edit_page(request, staff, participant_id)


@router.post("/peserta/{participant_id}/ubah", response_class=HTMLResponse)
async def edit(participant_id: uuid.UUID, request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """Only the fields filled in are sent (a personal field left blank stays as it is); NIK, birth date
    and sex are the identity and are not changed here."""
    body = {k: form[k] for k in EDITABLE if form.get(k)}
    answer = await call(service_url(request, "registry"), staff, "PATCH", f"/v1/participants/{participant_id}",
                        json=body)
    if answer.ok:
        return await person_page(request, staff, participant_id, notice="Data peserta diperbaiki.")
    return await _edit_page(request, staff, participant_id, form, answer)
