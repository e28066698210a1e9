"""Peringkat calon (TTS Pasal 21(4)): when approved candidates exceed the quota, the officer enters each
candidate's ranking facts (the scheme's `ranking_criteria`, eligibility's vocabulary), eligibility's
`POST /v1/rankings` orders them with points and articles, and the order goes into the decree draft."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.backoffice.api import Answer, call
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.kelayakan import applicant_of, fact_fields
from console.backoffice.people_kit import regency_of, vocabularies
from console.backoffice.session import Staff
from console.backoffice.views import render, service_url

router = APIRouter(route_class=PageRoute, include_in_schema=False)
MAX_CANDIDATES = 200  # one page of the form; larger lists are ranked by the batch upload (/impor)


def ranking_fields(criteria: list[dict], facts: list[dict]) -> list[dict]:
    """One input per fact the criteria read; `age` is computed from the birth date."""
    names = list(dict.fromkeys("birth_date" if c.get("fact") == "age" else c.get("fact") for c in criteria))
    return fact_fields({"facts": [n for n in names if n]}, facts)


def candidates_of(fields: list[dict], form: dict[str, str], ids: list[str]) -> list[dict]:
    """Each candidate's facts from the inputs named `<participant id>.<fact>`."""
    return [{"id": pid, "facts": applicant_of(fields, {k[len(pid) + 1:]: v for k, v in form.items()
                                                        if k.startswith(pid + ".")})} for pid in ids]


async def _context(request: Request, staff: Staff, scheme: str | None):
    terms = await vocabularies(request, staff, "eligibility")
    schemes = {s["id"]: s for s in terms.get("schemes", []) if s.get("ranked")}
    scheme = scheme if scheme in schemes else next(iter(schemes), None)
    criteria = [c for c in terms.get("ranking_criteria", []) if c.get("scheme") == scheme]
    listed = await call(service_url(request, "eligibility"), staff, "GET", "/v1/evaluations", params={
        "regency_code": regency_of(staff), "scheme": scheme or "", "outcome": "eligible", "limit": MAX_CANDIDATES})
    seen: dict[str, dict] = {}
    for item in (listed.body or {}).get("items", []) if listed.ok else []:
        if item.get("participant_id"):
            seen.setdefault(item["participant_id"], item)
    return schemes, scheme, criteria, ranking_fields(criteria, terms.get("facts", [])), list(seen.values())


@router.get("/bantuan/peringkat", response_class=HTMLResponse)
async def ranking_form(request: Request, staff: Staff = SignedIn):
    schemes, scheme, criteria, fields, candidates = await _context(request, staff, request.query_params.get("skema"))
    return render("bantuan/ranking.html", staff, schemes=schemes, scheme=scheme, criteria=criteria, fields=fields,
                  candidates=candidates, form={}, answer=None, result=None, current="/bantuan")


@router.post("/bantuan/peringkat", response_class=HTMLResponse)
async def rank(request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    schemes, scheme, criteria, fields, candidates = await _context(request, staff, form.get("skema"))
    body = {"regency_code": regency_of(staff), "scheme": scheme,
            "candidates": candidates_of(fields, form, [c["participant_id"] for c in candidates])}
    if form.get("quota", "").isdigit():
        body["quota"] = int(form["quota"])
    answer = await call(service_url(request, "eligibility"), staff, "POST", "/v1/rankings", json=body) \
        if body["candidates"] else Answer(422, None, "Belum ada calon yang dinyatakan layak untuk skema ini.")
    return render("bantuan/ranking.html", staff, schemes=schemes, scheme=scheme, criteria=criteria, fields=fields,
                  candidates=candidates, form=form, answer=None if answer.ok else answer,
                  result=answer.body if answer.ok else None, current="/bantuan")
