"""The home page per role: the person's work, one block per kind of work, each shown only to roles whose
scopes allow it and each item linking to its page (issue 15 item 1). Every block is one list call of a
service's public API (§13 filters), made at the same time; a block whose service refuses or cannot be
reached shows that reason in its place and the rest of the page still renders."""
from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from console.backoffice.api import Answer, call
from console.backoffice.guard import Fields, PageRoute, Posted, SignedIn
from console.backoffice.session import Staff, staff_of
from console.backoffice.views import render, service_url
from shared import roles

router = APIRouter(route_class=PageRoute, tags=["back office"], include_in_schema=False)
APPROVERS = {"sanctions": "sanctions:read", "contribution_aid": "aid:read"}  # who reads /v1/approvals there


@dataclass(frozen=True)
class Block:
    """One kind of work: which scope shows it, which service and list answer it."""

    scope: str
    service: str
    path: str
    params: dict


def blocks_for(scopes: set[str], regency: str, today: dt.date, person: str = "") -> dict[str, Block]:
    """`person`: how the services name the signed-in person (`person:<id>`), for work assigned to them."""
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    every = {
        "approvals": Block("sanctions:read", "sanctions", "/v1/approvals", {"state": "pending"}),
        "aid_approvals": Block("aid:read", "contribution_aid", "/v1/approvals", {"state": "pending"}),
        "cases_due": Block("sanctions:read", "sanctions", "/v1/cases",
                           {"regency_code": regency, "due_before": tomorrow, "limit": 20}),
        "projects_late": Block("registry:read", "registry", "/v1/construction-projects",
                               {"regency_code": regency, "status": "late", "deadline_before": tomorrow,
                                "limit": 100}),
        "recaps": Block("reporting:read", "reporting", "/v1/bpjs-recaps", {"regency_code": regency}),
        "invoices": Block("aid:read", "contribution_aid", "/v1/invoices",
                          {"regency_code": regency, "status": "reconciled", "limit": 100}),
        "imports_failed": Block("registry:write", "registry", "/v1/candidate-imports",
                                {"regency_code": regency, "status": "failed", "limit": 20}),
        "imports_running": Block("registry:write", "registry", "/v1/candidate-imports",
                                 {"regency_code": regency, "status": "running", "limit": 20}),
        "complaints_mine": Block("complaints:handle" if "complaints:handle" in scopes else "registry:write",
                                 "registry", "/v1/complaints",
                                 {"regency_code": regency, "assignee": person, "stage": "in_progress", "limit": 20}),
        "complaints_overdue": Block("registry:read", "registry", "/v1/complaints",
                                    {"regency_code": regency, "overdue": "true", "limit": 20}),
        "reverification": Block("eligibility:evaluate", "eligibility", f"/v1/regulations/{regency}", {}),
        "coverage": Block("reporting:read", "reporting", "/v1/coverage", {"regency_code": regency}),
        "budgets": Block("aid:read", "contribution_aid", "/v1/budgets",
                         {"regency_code": regency, "fiscal_year": today.year, "limit": 500}),
    }
    return {name: block for name, block in every.items() if block.scope in scopes}


async def work_of(request: Request, staff: Staff) -> dict[str, Answer]:
    """Each visible block's answer, fetched concurrently."""
    if not staff.person.regencies:
        return {}
    scopes = roles.scopes_of(set(staff.person.roles))
    blocks = blocks_for(scopes, staff.person.regencies[0], dt.date.today(), f"person:{staff.person.id}")
    answers = await asyncio.gather(*(call(service_url(request, b.service), staff, "GET", b.path, params=b.params)
                                     for b in blocks.values()))
    return dict(zip(blocks, answers, strict=True))


def items(answer: Answer | None) -> list[dict]:
    return list(answer.body.get("items") or []) if answer and answer.ok and isinstance(answer.body, dict) else []


def digest(work: dict[str, Answer], today: dt.date) -> dict:
    """What the template shows, worked out from the raw answers (kept out of the template)."""
    out: dict = {}
    if "projects_late" in work:  # late and still not registered: registered-late projects are history
        out["projects_late"] = [p for p in items(work["projects_late"]) if not p.get("bpjs_registered_on")]
    if "invoices" in work:
        out["invoices"] = [i for i in items(work["invoices"])
                           if i["matched"] != i["line_count"] or i["matched_total"] != i["billed_total"]]
    if "imports_failed" in work or "imports_running" in work:
        out["imports"] = items(work.get("imports_failed")) + items(work.get("imports_running"))
    if "recaps" in work and work["recaps"].ok:
        out["recaps_late"] = list(work["recaps"].body.get("late") or [])
    if "reverification" in work and work["reverification"].ok:
        out["reverification"] = _reverification(work["reverification"].body, today)
    if "budgets" in work and work["budgets"].ok:
        budgets = items(work["budgets"])
        amount = sum(b.get("amount") or 0 for b in budgets)
        committed = sum(b.get("committed") or 0 for b in budgets)
        out["budget"] = {"amount": amount, "committed": committed, "count": len(budgets),
                         "ratio": committed / amount if amount else None}
    return out


def _reverification(regulation: dict, today: dt.date) -> list[dict]:
    """Schemes whose recipients the regency re-verifies (e.g. TTS Pasal 20), due by the quarter's end
    (the quarterly `reverify` job of shared/ops/schedule.yaml)."""
    quarter_end = dt.date(today.year + (today.month > 9), (((today.month - 1) // 3 + 1) * 3) % 12 + 1, 1) \
        - dt.timedelta(days=1)
    return [{"scheme": s.get("name") or s.get("id"), "due": quarter_end,
             "citations": sorted({r["citation"] for r in s["reverification"] if r.get("citation")})}
            for s in regulation.get("schemes") or [] if s.get("reverification")]


async def home_page(request: Request, staff: Staff | None, answer: Answer | None = None):
    if staff is None:
        return render("home.html", staff, pending=None)
    work = await work_of(request, staff)
    return render("home.html", staff, pending=work.get("approvals"), aid_pending=work.get("aid_approvals"),
                  work=work, view=digest(work, dt.date.today()), answer=answer)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request):
    return await home_page(request, await staff_of(request))


@router.post("/persetujuan/{approval_id}", response_class=HTMLResponse)
async def approval_decide(approval_id: uuid.UUID, request: Request, staff: Staff = SignedIn, form: Fields = Posted):
    """The second person approves or rejects a proposal (two-person control, docs/API.md §14) on the
    service that owns it (sanctions, or contribution-aid for decrees, budgets, payments, aid endings)."""
    service = form.get("service") if form.get("service") in APPROVERS else "sanctions"
    answer = await call(service_url(request, service), staff, "POST", f"/v1/approvals/{approval_id}/decisions",
                        json={"decision": form.get("decision"), "note": form.get("note") or None})
    if answer.ok and service == "sanctions" and answer.body.get("payload", {}).get("case_id"):
        return RedirectResponse(f"/kasus/{answer.body['payload']['case_id']}", status_code=303)
    if answer.ok:
        return RedirectResponse("/", status_code=303)
    return await home_page(request, staff, answer)
