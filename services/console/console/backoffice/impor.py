"""Impor: one wizard for candidate lists (DTKS/P3KE/Regsosek extracts, village proposals) — upload,
column mapping with a preview of the first rows, a dry run with its row errors (the registry's
`dry_run=true`: every row checked, nothing imported), then commit; a page that reloads itself until the
job is done; counts by outcome, row errors (CSV download) and the imported rows, searchable.
Mapping is done here: the header row is renamed to the registry's column names and the file is
streamed on as uploaded (backoffice/uploads.py)."""
from __future__ import annotations

import io
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.backoffice.api import Answer, call, upload
from console.backoffice.session import Staff, csrf_ok, staff_of
from console.backoffice.uploads import Staged, UploadRefused, uploads_of
from console.backoffice.views import HEADERS, expired, login_needed, render, service_url
from shared import csvsafe
from shared.app import runtime_of

router = APIRouter(tags=["back office: imports"], include_in_schema=False)
CURRENT = "/impor"
CANDIDATES = "calon"
# the registry's candidate columns (services/registry/registry/domain/candidates.py), in the order shown
COLUMNS = {"nik": "NIK", "full_name": "Nama lengkap", "birth_date": "Tanggal lahir (TTTT-BB-HH)",
           "sex": "Jenis kelamin (L/P)", "address": "Alamat", "village_code": "Kode desa (10 angka)",
           "monthly_income": "Penghasilan per bulan (Rp)", "disability": "Penyandang disabilitas (ya/tidak)",
           "dependants": "Jumlah tanggungan", "poverty_rank": "Peringkat kemiskinan"}
REQUIRED = ("nik", "full_name")
# headers as the regencies' extracts write them, matched when the mapping is first proposed
ALIASES = {"nik": ("nik", "no_nik", "nomor_nik"), "full_name": ("full_name", "nama", "nama_lengkap", "nama_art"),
           "birth_date": ("birth_date", "tanggal_lahir", "tgl_lahir"), "sex": ("sex", "jenis_kelamin", "jk"),
           "address": ("address", "alamat"), "village_code": ("village_code", "kode_desa", "kd_desa"),
           "monthly_income": ("monthly_income", "penghasilan", "pendapatan"),
           "disability": ("disability", "disabilitas"), "dependants": ("dependants", "tanggungan", "jumlah_tanggungan"),
           "poverty_rank": ("poverty_rank", "peringkat", "desil", "peringkat_kemiskinan")}
STATUS = {"running": "Sedang diproses", "completed": "Selesai", "failed": "Gagal"}


def _registry(request: Request) -> str:
    return service_url(request, "registry")


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}


async def _data_sources(request: Request, staff: Staff) -> dict[str, str]:
    vocab = await call(_registry(request), staff, "GET", "/v1/vocabularies",
                       params={"regency_code": staff.person.regencies[0]})
    entries = (vocab.body or {}).get("data_sources", []) if vocab.ok else []
    return {e["id"]: e["label"] for e in entries}


async def _start_page(request: Request, staff: Staff, form: dict | None = None, answer: Answer | None = None):
    imports = await call(_registry(request), staff, "GET", "/v1/candidate-imports",
                         params={"regency_code": staff.person.regencies[0], "limit": 20})
    items = sorted((imports.body or {}).get("items", []) if imports.ok else [],
                   key=lambda i: i["created_on"], reverse=True)
    return render("impor/start.html", staff, current=CURRENT, sources=await _data_sources(request, staff),
                  imports=items, status_labels=STATUS, form=form or {}, answer=answer)


@router.get("/impor", response_class=HTMLResponse)
async def start(request: Request):
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    return await _start_page(request, staff)


@router.post("/impor/unggah", response_class=HTMLResponse)
async def receive(request: Request):
    """Step 1: the file arrives (multipart, spooled to disk by Starlette) and is staged sealed."""
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    if not csrf_ok(request, values.get("csrf")):
        return expired(staff)
    file = form.get("berkas")
    problem = None
    if not values.get("data_source"):
        problem = Answer(200, None, "Periksa isian yang ditandai di bawah.", {"data_source": "Pilih sumber data."})
    elif file is None or isinstance(file, str) or not file.filename:
        problem = Answer(200, None, "Periksa isian yang ditandai di bawah.", {"berkas": "Pilih berkas CSV."})
    if problem:
        return await _start_page(request, staff, values, problem)
    try:
        staged = await uploads_of(runtime_of(request)).stage(staff.person.id, file, CANDIDATES,
                                                             {"data_source": values["data_source"]})
    except UploadRefused as refused:
        return await _start_page(request, staff, values, Answer(200, None, refused.message,
                                                                 {"berkas": refused.message}))
    finally:
        await file.close()
    return RedirectResponse(f"/impor/unggahan/{staged.id}", status_code=303)


def _proposed(header: list[str]) -> dict[str, str]:
    by_name = {h.strip().lower().replace(" ", "_"): h for h in header}
    return {col: next((by_name[a] for a in names if a in by_name), "") for col, names in ALIASES.items()}


async def _mapping_page(request: Request, staff: Staff, staged: Staged, answer: Answer | None = None):
    header, rows = await uploads_of(runtime_of(request)).preview(staff.person.id, staged.id)
    mapping = staged.mapping or _proposed(header)
    return render("impor/mapping.html", staff, current=CURRENT, staged=staged, header=header, rows=rows,
                  mapping=mapping, columns=COLUMNS, required=REQUIRED, answer=answer)


@router.get("/impor/unggahan/{upload_id}", response_class=HTMLResponse)
async def mapping(upload_id: str, request: Request):
    """Step 2: map the file's columns to the registry's, with the first rows shown."""
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    staged = uploads_of(runtime_of(request)).get(staff.person.id, upload_id)
    if staged is None:
        return render("message.html", staff, 404, title="Impor", text="Unggahan tidak ditemukan atau sudah diimpor.")
    return await _mapping_page(request, staff, staged)


async def _send(request: Request, staff: Staff, staged: Staged, dry_run: bool) -> Answer:
    uploads = uploads_of(runtime_of(request))
    params = {"regency_code": staff.person.regencies[0], "data_source": staged.params["data_source"],
              "dry_run": "true" if dry_run else "false"}
    return await upload(_registry(request), staff, "/v1/candidate-imports", uploads.mapped(staff.person.id, staged),
                        params=params)


@router.post("/impor/unggahan/{upload_id}/periksa", response_class=HTMLResponse)
async def check(upload_id: str, request: Request):
    """Step 3: the dry run — the registry checks every row of the mapped file and imports nothing."""
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    form = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    uploads = uploads_of(runtime_of(request))
    staged = uploads.get(staff.person.id, upload_id)
    if staged is None:
        return render("message.html", staff, 404, title="Impor", text="Unggahan tidak ditemukan atau sudah diimpor.")
    staged.mapping = {col: form.get(f"map_{col}", "") for col in COLUMNS}
    missing = {f"map_{col}": "Kolom wajib: pilih kolom berkas yang berisi data ini."
               for col in REQUIRED if not staged.mapping[col]}
    chosen = [v for v in staged.mapping.values() if v]
    if len(chosen) != len(set(chosen)):
        missing["mapping"] = "Satu kolom berkas hanya boleh dipakai untuk satu isian."
    if missing:
        return await _mapping_page(request, staff, staged, Answer(200, None, "Periksa pemetaan kolom.", missing))
    answer = await _send(request, staff, staged, dry_run=True)
    if not answer.ok:
        return await _mapping_page(request, staff, staged, answer)
    staged.checks.append(answer.body["id"])
    uploads.save(staff.person.id, staged)
    return RedirectResponse(f"/impor/calon/{answer.body['id']}", status_code=303)


@router.post("/impor/unggahan/{upload_id}/impor", response_class=HTMLResponse)
async def commit(upload_id: str, request: Request):
    """Step 4: commit — the same mapped file, imported for real; the staged copy goes."""
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    form = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    uploads = uploads_of(runtime_of(request))
    staged = uploads.get(staff.person.id, upload_id)
    if staged is None:  # committed already (a second click): nothing is sent twice
        return RedirectResponse("/impor", status_code=303)
    answer = await _send(request, staff, staged, dry_run=False)
    if not answer.ok:
        return render("message.html", staff, 200, title="Impor", text=answer.message)
    uploads.drop(staff.person.id, upload_id)
    return RedirectResponse(f"/impor/calon/{answer.body['id']}", status_code=303)


async def _job_page(request: Request, staff: Staff, import_id: uuid.UUID, found_rows: Answer | None = None,
                    search: dict | None = None, answer: Answer | None = None):
    base = _registry(request)
    job = await call(base, staff, "GET", f"/v1/candidate-imports/{import_id}")
    if not job.ok:
        return render("message.html", staff, job.status, title="Impor", text=job.message)
    errors = await call(base, staff, "GET", f"/v1/candidate-imports/{import_id}/errors", params={"limit": 50})
    rows = found_rows
    done = job.body["status"] == "completed" and not job.body.get("dry_run")
    if rows is None and done:
        params = {"limit": 50, **{k: v for k, v in (search or {}).items() if k in ("village_code", "cursor") and v}}
        rows = await call(base, staff, "GET", f"/v1/candidate-imports/{import_id}/rows", params=params)
    staged = uploads_of(runtime_of(request)).of_check(staff.person.id, str(import_id)) if job.body.get("dry_run") \
        else None
    return render("impor/job.html", staff, current=CURRENT, job=job.body, status_labels=STATUS,
                  errors=(errors.body or {}).get("items", []) if errors.ok else [], rows=rows, staged=staged,
                  refresh=job.body["status"] == "running", search=search or {}, answer=answer)


@router.get("/impor/calon/{import_id}", response_class=HTMLResponse)
async def job_page(import_id: uuid.UUID, request: Request):
    """Progress (the page reloads itself while the job runs), counts, row errors, imported rows."""
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    search = {"village_code": request.query_params.get("desa", ""), "cursor": request.query_params.get("cursor")}
    return await _job_page(request, staff, import_id, search=search)


@router.post("/impor/calon/{import_id}/cari", response_class=HTMLResponse)
async def find_row(import_id: uuid.UUID, request: Request):
    """Find an imported row by NIK: a POST, so the NIK never appears in a URL or an access log."""
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    form = await _form(request)
    if not csrf_ok(request, form.get("csrf")):
        return expired(staff)
    nik = form.get("nik", "").replace(" ", "")
    if not (len(nik) == 16 and nik.isdigit()):
        problem = Answer(200, None, "Periksa isian yang ditandai di bawah.", {"nik": "NIK harus 16 angka."})
        return await _job_page(request, staff, import_id, search={"nik": nik}, answer=problem)
    rows = await call(_registry(request), staff, "GET", f"/v1/candidate-imports/{import_id}/rows",
                      params={"nik": nik})
    return await _job_page(request, staff, import_id, found_rows=rows, search={"nik": nik, "searched": "1"})


@router.get("/impor/calon/{import_id}/kesalahan.csv")
async def errors_csv(import_id: uuid.UUID, request: Request):
    """Every row error of the import as a CSV with Indonesian headers (the result download)."""
    staff = await staff_of(request)
    if staff is None:
        return login_needed()
    out, after = io.StringIO(), 0
    writer = csvsafe.writer(out)
    writer.writerow(["Baris", "Kolom", "Kesalahan", "Fatal"])
    while after is not None:
        page = await call(_registry(request), staff, "GET", f"/v1/candidate-imports/{import_id}/errors",
                          params={"after": after, "limit": 10000})
        if not page.ok:
            return render("message.html", staff, page.status, title="Impor", text=page.message)
        for e in page.body["items"]:
            writer.writerow([e["row_number"], e["field"], e["message"], "ya" if e["fatal"] else "tidak"])
        after = page.body.get("next_after")
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="kesalahan-impor-{import_id}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
