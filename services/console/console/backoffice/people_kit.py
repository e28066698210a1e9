"""What the Peserta, Kelayakan, Bantuan, Pengaduan and Pengaturan pages share: the person's regency, the posted
form, the vocabularies of a service (docs/API.md §12) as drop-down choices, the file pass-through, and the
names of the persons services record as `person:<id>`."""
from __future__ import annotations

import uuid

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select

from console.backoffice.api import Answer, call, download
from console.backoffice.session import Staff
from console.backoffice.views import render, service_url
from console.persons.models import Person
from shared import roles
from shared.app import runtime_of


def regency_of(staff: Staff) -> str:
    return staff.person.regencies[0]


def scopes_of(staff: Staff) -> set[str]:
    return roles.scopes_of(set(staff.person.roles))


def may_see_pii(staff: Staff) -> bool:
    return "pii:read" in scopes_of(staff)


async def form_of(request: Request) -> dict[str, str]:
    return {k: str(v).strip() for k, v in (await request.form()).items()}


async def vocabularies(request: Request, staff: Staff, service: str) -> dict[str, list[dict]]:
    """The regency's vocabularies on one service; empty when it cannot be reached (the form still shows)."""
    answer = await call(service_url(request, service), staff, "GET", "/v1/vocabularies",
                        params={"regency_code": regency_of(staff)})
    return answer.body if answer.ok and isinstance(answer.body, dict) else {}


def choices(terms: list[dict] | None, with_citation: bool = False) -> dict[str, str]:
    """id -> Indonesian label (and the article, where the choice itself is law: a termination reason)."""
    out = {}
    for term in terms or []:
        label = term.get("label") or term["id"]
        out[term["id"]] = f"{label} ({term['citation']})" if with_citation and term.get("citation") else label
    return out


def refused(staff: Staff, answer: Answer, title: str) -> Response:
    return render("message.html", staff, 200, title=title, text=answer.message or "Permintaan ditolak.")


async def pass_file(request: Request, staff: Staff, service: str, path: str, title: str,
                    params: dict | None = None) -> Response:
    """A service's file (decree PDF, accountability file, CSV export) handed to the browser as it came."""
    answer, response = await download(service_url(request, service), staff, path, params=params)
    if response is None:
        return refused(staff, answer, title)
    keep = {k: v for k, v in response.headers.items()
            if k.lower() in ("content-disposition", "x-export-truncated")}
    return Response(response.content, media_type=response.headers.get("content-type"),
                    headers={**keep, "Cache-Control": "no-store"})


async def names_of(request: Request, recorded_by: list[str]) -> dict[str, str]:
    """`person:<id>` (how services record who acted) -> the person's name, from the console's own persons."""
    ids = {}
    for who in recorded_by:
        try:
            ids[who] = uuid.UUID((who or "").removeprefix("person:")) if (who or "").startswith("person:") else None
        except ValueError:
            continue
    wanted = {pid for pid in ids.values() if pid}
    if not wanted:
        return {}
    async with runtime_of(request).sessions() as session:
        found = dict((await session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted)))).all())
    return {who: found[pid] for who, pid in ids.items() if pid in found}
