"""Impor: one wizard for candidate lists, batch evaluations and BPJS invoices (impor_kinds.py) —
upload, column mapping with a preview of the first rows, a dry run with its row errors where the service
has one (candidate lists: the registry's `dry_run=true`), then commit; a page that reloads itself until
the job is done; counts by outcome, row errors and result downloads; imported candidates searchable.
Mapping is done here: the header row is renamed to the service's column names and the file is streamed
on as uploaded (backoffice/uploads.py)."""
from __future__ import annotations

import io
import re
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from console.backoffice.api import Answer, call, relay, upload
from console.backoffice.guard import PageRoute, SignedIn
from console.backoffice.impor_kinds import (
    CANDIDATES,
    EVALUATIONS,
    FINISHED,
    INVOICES,
    KINDS,
    RUNNING,
    STATUS,
    Kind,
    kinds_for,
)
from console.backoffice.session import Staff, csrf_ok
from console.backoffice.uploads import Staged, UploadRefused, uploads_of
from console.backoffice.views import HEADERS, expired, render, service_url
from shared import csvsafe, roles
from shared.app import runtime_of
from shared.identifiers import mask_nik

router = APIRouter(route_class=PageRoute, tags=["back office: imports"], include_in_schema=False)
CURRENT = "/impor"
NIK_LIKE = re.compile(r"\d{16}")
GONE = "Unggahan tidak ditemukan atau sudah diimpor."
FIX = "Periksa isian yang ditandai di bawah."


def _scopes(staff: Staff) -> frozenset[str]:
    return roles.scopes_of(set(staff.person.roles))


def _kind(staff: Staff, kind_id: str | None) -> Kind | None:
    allowed = kinds_for(_scopes(staff))
    if kind_id is None:
        return allowed[0] if allowed else None
    return next((k for k in allowed if k.id == kind_id), None)


def _regency(staff: Staff) -> str:
    return staff.person.regencies[0]


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}


async def _vocabulary(request: Request, staff: Staff, service: str) -> dict:
    answer = await call(service_url(request, service), staff, "GET", "/v1/vocabularies",
                        params={"regency_code": _regency(staff)})
    return answer.body if answer.ok and isinstance(answer.body, dict) else {}


async def _choices(request: Request, staff: Staff, kind: Kind) -> dict[str, dict[str, str]]:
    """The drop-downs of the kind's upload form, from the services' vocabularies and lists."""
    if kind is CANDIDATES:
        vocab = await _vocabulary(request, staff, "registry")
        return {"data_source": {e["id"]: e["label"] for e in vocab.get("data_sources", [])}}
    if kind is EVALUATIONS:
        vocab = await _vocabulary(request, staff, "eligibility")
        return {"scheme": {e["id"]: e["label"] for e in vocab.get("schemes", [])}}
    budgets = await call(service_url(request, "contribution_aid"), staff, "GET", "/v1/budgets",
                         params={"regency_code": _regency(staff), "limit": 100})
    items = (budgets.body or {}).get("items", []) if budgets.ok else []
    return {"budget_id": {b["id"]: f"{b['fiscal_year']} · {b['funding_source'].upper()} · "
                                   f"Rp{b['amount']:,}".replace(",", ".") for b in items}}


async def _recent(request: Request, staff: Staff, kind: Kind) -> list[dict]:
    path = {CANDIDATES.id: "/v1/candidate-imports", EVALUATIONS.id: "/v1/batch-evaluations"}.get(kind.id)
    if path is None:
        return []
    answer = await call(service_url(request, kind.service), staff, "GET", path,
                        params={"regency_code": _regency(staff), "limit": 20})
    items = (answer.body or {}).get("items", []) if answer.ok else []
    return sorted(items, key=lambda i: i.get("created_at") or i.get("created_on") or "", reverse=True)


async def _start_page(request: Request, staff: Staff, kind: Kind, form: dict | None = None,
                      answer: Answer | None = None):
    return render("impor/start.html", staff, current=CURRENT, kind=kind, kinds=kinds_for(_scopes(staff)),
                  choices=await _choices(request, staff, kind), recent=await _recent(request, staff, kind),
                  status_labels=STATUS, form=form or {}, answer=answer)


@router.get("/impor", response_class=HTMLResponse)
async def start(request: Request, staff: Staff = SignedIn):
    kind = _kind(staff, request.query_params.get("jenis"))
    if kind is None:
        return render("message.html", staff, 403, title="Impor", text="Peran Anda tidak berwenang untuk impor.")
    return await _start_page(request, staff, kind)


def _params(kind: Kind, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The service's query parameters for the upload, or the fields to fix."""
    wanted = {CANDIDATES.id: ("data_source",), EVALUATIONS.id: ("scheme",),
              INVOICES.id: ("reference", "period", "budget_id")}[kind.id]
    wrong = {name: "Wajib diisi." for name in wanted if not values.get(name)}
    params = {name: values[name] for name in wanted if values.get(name)}
    if kind is EVALUATIONS and values.get("as_of"):
        params["as_of"] = values["as_of"]
    return params, wrong


@router.post("/impor/unggah", response_class=HTMLResponse)
async def receive(request: Request, staff: Staff = SignedIn):
    """Step 1: the file arrives (multipart, spooled to disk by Starlette) and is staged sealed."""
    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    if not csrf_ok(request, values.get("csrf")):
        return expired(staff)
    kind = _kind(staff, values.get("jenis", ""))
    if kind is None:
        return render("message.html", staff, 403, title="Impor", text="Peran Anda tidak berwenang untuk impor ini.")
    file = form.get("berkas")
    params, wrong = _params(kind, values)
    if file is None or isinstance(file, str) or not file.filename:
        wrong["berkas"] = "Pilih berkas CSV."
    if wrong:
        return await _start_page(request, staff, kind, values, Answer(200, None, FIX, wrong))
    try:
        staged = await uploads_of(runtime_of(request)).stage(staff.person.id, file, kind.id, params)
    except UploadRefused as refused:
        return await _start_page(request, staff, kind, values, Answer(200, None, refused.message,
                                                                       {"berkas": refused.message}))
    finally:
        await file.close()
    return RedirectResponse(f"/impor/unggahan/{staged.id}", status_code=303)


async def _columns(request: Request, staff: Staff, kind: Kind, staged: Staged) -> dict[str, str]:
    """The service's columns; a batch evaluation's are the chosen scheme's facts (eligibility's vocabulary)."""
    if kind is not EVALUATIONS:
        return kind.columns
    vocab = await _vocabulary(request, staff, "eligibility")
    labels = {f["id"]: f["label"] for f in vocab.get("facts", [])}
    scheme = next((s for s in vocab.get("schemes", []) if s["id"] == staged.params.get("scheme")), {})
    return {"ref": "Nomor rujukan baris (dikembalikan pada hasil)",
            **{f: labels.get(f, f) for f in scheme.get("facts") or labels}}


def _proposed(kind: Kind, columns: dict[str, str], header: list[str]) -> dict[str, str]:
    by_name = {h.strip().lower().replace(" ", "_"): h for h in header}
    return {col: next((by_name[a] for a in kind.aliases.get(col, (col,)) if a in by_name), "") for col in columns}


def _masked(rows: list[list[str]], staff: Staff) -> list[list[str]]:
    """A NIK in the preview is masked unless the person may read personal data (pii:read)."""
    if "pii:read" in _scopes(staff):
        return rows
    return [[mask_nik(c.strip()) if NIK_LIKE.fullmatch(c.strip()) else c for c in row] for row in rows]


async def _mapping_page(request: Request, staff: Staff, staged: Staged, answer: Answer | None = None):
    kind = KINDS[staged.kind]
    header, rows = await uploads_of(runtime_of(request)).preview(staff.person.id, staged.id)
    columns = await _columns(request, staff, kind, staged)
    return render("impor/mapping.html", staff, current=CURRENT, kind=kind, staged=staged, header=header,
                  rows=_masked(rows, staff), mapping=staged.mapping or _proposed(kind, columns, header),
                  columns=columns, required=kind.required, answer=answer)


def _staged(request: Request, staff: Staff, upload_id: str) -> Staged | None:
    staged = uploads_of(runtime_of(request)).get(staff.person.id, upload_id)
    return staged if staged is not None and _kind(staff, staged.kind) is not None else None


@router.get("/impor/unggahan/{upload_id}", response_class=HTMLResponse)
async def mapping(upload_id: str, request: Request, staff: Staff = SignedIn):
    """Step 2: map the file's columns to the service's, with the first rows shown."""
    staged = _staged(request, staff, upload_id)
    if staged is None:
        return render("message.html", staff, 404, title="Impor", text=GONE)
    return await _mapping_page(request, staff, staged)


def _mapping_errors(kind: Kind, mapping: dict[str, str]) -> dict[str, str]:
    wrong = {f"map_{col}": "Kolom wajib: pilih kolom berkas yang berisi data ini."
             for col in kind.required if not mapping.get(col)}
    if kind is INVOICES and not (mapping.get("nik") or mapping.get("participant_id")):
        wrong["map_nik"] = "Pilih kolom NIK atau kolom ID peserta."
    chosen = [v for v in mapping.values() if v]
    if len(chosen) != len(set(chosen)):
        wrong["mapping"] = "Satu kolom berkas hanya boleh dipakai untuk satu isian."
    return wrong


async def _send(request: Request, staff: Staff, staged: Staged, *, dry_run: bool) -> Answer:
    kind = KINDS[staged.kind]
    params: dict = {"regency_code": _regency(staff), **staged.params}
    if kind.dry_run:
        params["dry_run"] = "true" if dry_run else "false"
    if kind is EVALUATIONS:
        params["format"] = "csv"
    if kind is INVOICES:
        params["budget_id"] = [staged.params["budget_id"]]
    body = uploads_of(runtime_of(request)).mapped(staff.person.id, staged)
    return await upload(service_url(request, kind.service), staff, kind.upload, body, params=params)


@router.post("/impor/unggahan/{upload_id}/{step}", response_class=HTMLResponse)
async def send(upload_id: str, step: str, request: Request, staff: Staff = SignedIn):
    """Step 3 (`periksa`): the mapping saved and the dry run started; or (`impor`) the file sent for real.
    A kind without a dry run is sent from the mapping page; its upload is kept until the job is done so
    that a refused file can be mapped again."""
    form = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    uploads = uploads_of(runtime_of(request))
    staged = _staged(request, staff, upload_id)
    if staged is None or step not in ("periksa", "impor"):  # committed already (a second click): nothing resent
        return RedirectResponse("/impor", status_code=303)
    kind = KINDS[staged.kind]
    if step == "periksa" or not kind.dry_run:  # the mapping form was sent
        columns = await _columns(request, staff, kind, staged)
        staged.mapping = {col: form.get(f"map_{col}", "") for col in columns}
        wrong = _mapping_errors(kind, staged.mapping)
        if wrong:
            return await _mapping_page(request, staff, staged, Answer(200, None, "Periksa pemetaan kolom.", wrong))
    answer = await _send(request, staff, staged, dry_run=step == "periksa" and kind.dry_run)
    if not answer.ok:
        return await _mapping_page(request, staff, staged, answer)
    if step == "impor" and kind.dry_run:
        uploads.drop(staff.person.id, upload_id)
    else:
        staged.checks.append(answer.body["id"])
        uploads.save(staff.person.id, staged)
    return RedirectResponse(f"/impor/{kind.id}/{answer.body['id']}", status_code=303)


# --- the job: progress, counts, row errors, results -------------------------------------------------
async def _errors(request: Request, staff: Staff, kind: Kind, job_id: uuid.UUID, *, start: int = 0,
                  limit: int = 50) -> tuple[list[dict], int | None, Answer]:
    """A page of row errors as `{row_number, field, message, fatal}`, and where the next page starts."""
    path = kind.job.format(id=job_id) + "/errors"
    if kind.errors_paged_by == "after":
        answer = await call(service_url(request, kind.service), staff, "GET", path,
                            params={"after": start, "limit": limit})
        body = answer.body or {}
        return (body.get("items", []), body.get("next_after")) if answer.ok else ([], None), answer
    answer = await call(service_url(request, kind.service), staff, "GET", path,
                        params={"offset": start, "limit": limit})
    rows = (answer.body or {}).get("errors", []) if answer.ok else []
    flat = [{"row_number": r["row"], "field": e.get("field"), "message": e.get("message", ""), "fatal": False}
            for r in rows for e in r.get("errors") or [{}]]
    return (flat, start + len(rows) if len(rows) == limit else None), answer


def _counts(kind: Kind, job: dict) -> list[tuple[str, str, int | str | None]]:
    """(element id, label, value) for the page's figures."""
    dry = job.get("dry_run")
    if kind is CANDIDATES:
        figures = [("done", "Baris diperiksa", job["rows_done"]),
                   ("accepted", "Akan diterima" if dry else "Diterima", job["rows_accepted"])]
        figures += [] if dry else [("merged", "Di antaranya memperbarui calon yang sudah ada", job["rows_merged"])]
        return figures + [("rejected", "Ditolak", job["rows_rejected"])]
    if kind is EVALUATIONS:
        counts = job.get("counts") or {}
        return [("done", "Baris dievaluasi", job["rows_done"]), ("eligible", "Layak", counts.get("eligible")),
                ("ineligible", "Tidak layak", counts.get("ineligible")),
                ("needs_information", "Data kurang", counts.get("needs_information")),
                ("rejected", "Baris tidak dapat dibaca", job.get("row_errors"))]
    return [("done", "Baris dibaca", job.get("rows_done")), ("rejected", "Baris salah", job.get("row_errors"))]


async def _job_page(request: Request, staff: Staff, kind: Kind, job_id: uuid.UUID, found_rows: Answer | None = None,
                    search: dict | None = None, answer: Answer | None = None):
    job = await call(service_url(request, kind.service), staff, "GET", kind.job.format(id=job_id))
    if not job.ok:
        return render("message.html", staff, job.status, title="Impor", text=job.message)
    (errors, _), _ = await _errors(request, staff, kind, job_id)
    status, uploads = job.body["status"], uploads_of(runtime_of(request))
    staged = uploads.of_check(staff.person.id, str(job_id))
    if staged and status in FINISHED and not kind.dry_run:  # sent and taken: the staged copy goes
        uploads.drop(staff.person.id, staged.id)
        staged = None
    rows = found_rows
    if rows is None and kind is CANDIDATES and status in FINISHED and not job.body.get("dry_run"):
        params = {"limit": 50, **{k: v for k, v in (search or {}).items() if k in ("village_code", "cursor") and v}}
        rows = await call(service_url(request, kind.service), staff, "GET", f"/v1/candidate-imports/{job_id}/rows",
                          params=params)
    labels = (await _choices(request, staff, kind)).get("scheme", {}) if kind is EVALUATIONS else {}
    return render("impor/job.html", staff, current=CURRENT, kind=kind, job=job.body, status_labels=STATUS,
                  scheme_label=labels.get(job.body.get("scheme"), job.body.get("scheme")),
                  counts=_counts(kind, job.body), errors=errors, rows=rows, staged=staged,
                  refresh=status in RUNNING, finished=status in FINISHED, search=search or {}, answer=answer)


def _known(staff: Staff, kind_id: str) -> Kind | None:
    return _kind(staff, kind_id) if kind_id in KINDS else None


@router.get("/impor/{kind_id}/{job_id}", response_class=HTMLResponse)
async def job_page(kind_id: str, job_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    """Progress (the page reloads itself while the job runs), counts, row errors, results."""
    kind = _known(staff, kind_id)
    if kind is None:
        return render("message.html", staff, 404, title="Impor", text="Halaman tidak ditemukan.")
    search = {"village_code": request.query_params.get("desa", ""), "cursor": request.query_params.get("cursor")}
    return await _job_page(request, staff, kind, job_id, search=search)


@router.post("/impor/calon/{job_id}/cari", response_class=HTMLResponse)
async def find_row(job_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    """Find an imported candidate by NIK: a POST, so the NIK never appears in a URL or an access log."""
    form = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    nik = form.get("nik", "").replace(" ", "")
    if not NIK_LIKE.fullmatch(nik):
        problem = Answer(200, None, FIX, {"nik": "NIK harus 16 angka."})
        return await _job_page(request, staff, CANDIDATES, job_id, search={"nik": nik}, answer=problem)
    rows = await call(service_url(request, "registry"), staff, "GET", f"/v1/candidate-imports/{job_id}/rows",
                      params={"nik": nik})
    return await _job_page(request, staff, CANDIDATES, job_id, found_rows=rows, search={"nik": nik, "searched": "1"})


@router.get("/impor/{kind_id}/{job_id}/kesalahan.csv")
async def errors_csv(kind_id: str, job_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    """Every row error of the job as a CSV with Indonesian headers, written page by page as it is sent."""
    kind = _known(staff, kind_id)
    if kind is None:
        return render("message.html", staff, 404, title="Impor", text="Halaman tidak ditemukan.")
    (first, after), answer = await _errors(request, staff, kind, job_id, limit=10000)
    if not answer.ok:
        return render("message.html", staff, answer.status, title="Impor", text=answer.message)

    def lines(items: list[dict], header: bool = False) -> str:
        out = io.StringIO()
        writer = csvsafe.writer(out)
        if header:
            writer.writerow(["Baris", "Kolom", "Kesalahan", "Fatal"])
        writer.writerows([e["row_number"], e["field"], e["message"], "ya" if e["fatal"] else "tidak"] for e in items)
        return out.getvalue()

    async def body():
        yield lines(first, header=True)
        start = after
        while start is not None:
            (items, start), page = await _errors(request, staff, kind, job_id, start=start, limit=10000)
            if not page.ok:
                return
            yield lines(items)

    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="kesalahan-{kind.id}-{job_id}.csv"'}
    return StreamingResponse(body(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/impor/{kind_id}/{job_id}/hasil.csv")
async def results_csv(kind_id: str, job_id: uuid.UUID, request: Request, staff: Staff = SignedIn):
    """The result file: a batch evaluation's results, an invoice's discrepancies (streamed through)."""
    kind = _known(staff, kind_id)
    path = None
    if kind is EVALUATIONS:
        path, params = f"/v1/batch-evaluations/{job_id}/results", {"format": "csv"}
    elif kind is INVOICES:
        job = await call(service_url(request, kind.service), staff, "GET", kind.job.format(id=job_id))
        invoice = (job.body or {}).get("invoice_id") if job.ok else None
        path, params = (f"/v1/invoices/{invoice}/discrepancies.csv", None) if invoice else (None, None)
    relayed = await relay(service_url(request, kind.service), staff, path, params=params,
                          file_name=f"hasil-{kind.id}-{job_id}.csv", headers=HEADERS) if path else None
    return relayed or render("message.html", staff, 200, title="Impor", text="Hasil belum tersedia.")
