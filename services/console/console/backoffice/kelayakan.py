"""Kelayakan (eligibility, issue 15 item 3): evaluate a person for a scheme with a form built from the
scheme's facts (eligibility's vocabularies `schemes` and `facts`), and every check shown with its
requirement, the facts used and the article cited. Batch evaluation is an upload: /impor."""
from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.backoffice.api import call
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.people_kit import regency_of, vocabularies
from console.backoffice.session import Staff
from console.backoffice.views import render, service_url

router = APIRouter(route_class=PageRoute, include_in_schema=False)
OUTCOMES = {"eligible": "Layak", "ineligible": "Tidak layak", "needs_information": "Perlu data tambahan"}
YES_NO = {"true": "Ya", "false": "Tidak"}
VALUE_LABELS = {"M": "Laki-laki", "F": "Perempuan", "pu": "Penerima upah (PU)", "bpu": "Bukan penerima upah (BPU)",
                "extreme_poor": "Miskin ekstrem", "poor": "Miskin", "vulnerable": "Rentan", "other": "Lainnya"}


def fact_labels(facts: list[dict]) -> dict[str, str]:
    """The facts a check names, as staff read them (`age` is computed from the birth date)."""
    return {"age": "usia", **{f["id"]: f["label"] for f in facts}}


def plain(value) -> str:
    """A fact's value in words: yes/no, a known value's Indonesian name, or 'belum ada'."""
    if value is True:
        return "ya"
    if value is False:
        return "tidak"
    if value is None:
        return "belum ada"
    return VALUE_LABELS.get(value, str(value)) if isinstance(value, str) else str(value)


def fact_fields(scheme: dict, facts: list[dict]) -> list[dict]:
    """The inputs of a scheme's form: one per fact the scheme's rules read, typed by its kind."""
    by_id = {f["id"]: f for f in facts}
    out = []
    for name in scheme.get("facts") or []:
        fact = by_id.get(name, {"id": name, "label": name, "kind": "text"})
        kind = fact.get("kind")
        options = None
        if kind == "bool":
            options = YES_NO
        elif fact.get("values"):
            options = {v: VALUE_LABELS.get(v, v) for v in fact["values"]}
        out.append({"id": name, "label": fact["label"][:1].upper() + fact["label"][1:], "options": options,
                    "type": {"date": "date", "money": "number", "count": "number"}.get(kind, "text"),
                    "kind": kind})
    return out


def applicant_of(fields: list[dict], form: dict[str, str]) -> dict:
    """The facts typed, converted to the types docs/API.md §5 names; a blank is a fact not given."""
    out: dict = {}
    for field in fields:
        raw = form.get(field["id"], "")
        if raw == "":
            continue
        if field["kind"] == "bool":
            out[field["id"]] = raw == "true"
        elif field["kind"] in ("money", "count") and raw.replace(".", "").isdigit():
            out[field["id"]] = int(raw.replace(".", ""))
        else:
            out[field["id"]] = raw
    return out


async def _scheme_form(request, staff):
    terms = await vocabularies(request, staff, "eligibility")
    schemes = {s["id"]: s for s in terms.get("schemes", [])}
    return schemes, terms.get("facts", []), terms.get("ranking_criteria", [])


@router.get("/kelayakan", response_class=HTMLResponse)
async def evaluate_form(request: Request, staff: Staff = SignedIn):
    schemes, facts, criteria = await _scheme_form(request, staff)
    chosen = request.query_params.get("skema") or (next(iter(schemes)) if len(schemes) == 1 else "")
    form = {"domicile_regency_code": regency_of(staff), "as_of": dt.date.today().isoformat()}
    recent = await call(service_url(request, "eligibility"), staff, "GET", "/v1/evaluations",
                        params={"regency_code": regency_of(staff), "limit": 20})
    return render("kelayakan/form.html", staff, schemes=schemes, scheme=schemes.get(chosen),
                  fields=fact_fields(schemes[chosen], facts) if chosen in schemes else [],
                  criteria=[c for c in criteria if c.get("scheme") == chosen], form=form, answer=None, result=None,
                  peserta=request.query_params.get("peserta", ""), recent=recent, outcomes=OUTCOMES,
                  current="/kelayakan")


@router.post("/kelayakan", response_class=HTMLResponse)
async def evaluate(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    schemes, facts, criteria = await _scheme_form(request, staff)
    scheme = schemes.get(form.get("skema", ""))
    fields = fact_fields(scheme, facts) if scheme else []
    body = {"regency_code": regency_of(staff), "scheme": form.get("skema"), "as_of": form.get("as_of") or None,
            "applicant": applicant_of(fields, form)}
    peserta = form.get("peserta", "")
    try:
        body["participant_id"] = str(uuid.UUID(peserta)) if peserta else None
    except ValueError:
        body["participant_id"] = None
    answer = await call(service_url(request, "eligibility"), staff, "POST", "/v1/evaluations", json=body)
    return render("kelayakan/form.html", staff, schemes=schemes, scheme=scheme, fields=fields,
                  criteria=[c for c in criteria if scheme and c.get("scheme") == scheme["id"]], form=form,
                  answer=None if answer.ok else answer, result=answer.body if answer.ok else None,
                  peserta=peserta, recent=None, outcomes=OUTCOMES, labels=fact_labels(facts), plain=plain,
                  current="/kelayakan")
