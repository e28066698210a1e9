"""What the import wizard can import, each through its service's public upload API: candidate lists
(registry, with a dry run), batch evaluations (eligibility) and BPJS contribution-aid invoices
(contribution-aid; a file with any bad line is refused whole, so the service's own check is the dry run).
Each kind names its columns (the service's header) with the headers regencies' files use for them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    id: str  # the URL segment: /impor/<id>/...
    label: str
    scope: str  # the person's roles must grant it to see the kind
    service: str  # service_url key
    upload: str  # POST path (raw CSV body)
    job: str  # GET path of the job, "{id}" filled in
    errors_paged_by: str  # "after" (row-error id cursor) or "offset"
    dry_run: bool  # the service checks a file without importing it (`dry_run=true`)
    commit_note: str
    columns: dict[str, str] = field(default_factory=dict)  # the service's column -> label (static kinds)
    required: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)


CANDIDATES = Kind(
    "calon", "Daftar calon (DTKS, P3KE, Regsosek, usulan desa)", "registry:write", "registry",
    "/v1/candidate-imports", "/v1/candidate-imports/{id}", "after", True,
    "Uji coba memeriksa setiap baris tanpa menyimpan; setelah itu baris yang benar diimpor.",
    {"nik": "NIK", "full_name": "Nama lengkap", "birth_date": "Tanggal lahir (TTTT-BB-HH)",
     "sex": "Jenis kelamin (L/P)", "address": "Alamat", "village_code": "Kode desa (10 angka)",
     "monthly_income": "Penghasilan per bulan (Rp)", "disability": "Penyandang disabilitas (ya/tidak)",
     "dependants": "Jumlah tanggungan", "poverty_rank": "Peringkat kemiskinan"},
    ("nik", "full_name"),
    {"nik": ("nik", "no_nik", "nomor_nik"), "full_name": ("full_name", "nama", "nama_lengkap", "nama_art"),
     "birth_date": ("birth_date", "tanggal_lahir", "tgl_lahir"), "sex": ("sex", "jenis_kelamin", "jk"),
     "address": ("address", "alamat"), "village_code": ("village_code", "kode_desa", "kd_desa"),
     "monthly_income": ("monthly_income", "penghasilan", "pendapatan"), "disability": ("disability", "disabilitas"),
     "dependants": ("dependants", "tanggungan", "jumlah_tanggungan"),
     "poverty_rank": ("poverty_rank", "peringkat", "desil", "peringkat_kemiskinan")})

EVALUATIONS = Kind(
    "evaluasi", "Evaluasi kelayakan massal", "eligibility:evaluate", "eligibility",
    "/v1/batch-evaluations", "/v1/batch-evaluations/{id}", "offset", False,
    "Evaluasi tidak mengubah data peserta: hasilnya dapat diunduh dan dipakai untuk usulan penerima.",
    aliases={"ref": ("ref", "no", "nomor", "rujukan"), "nik": ("nik", "no_nik")})

INVOICES = Kind(
    "tagihan", "Tagihan iuran BPJS Ketenagakerjaan", "aid:write", "contribution_aid",
    "/v1/invoices/csv", "/v1/invoice-imports/{id}", "after", False,
    "Tagihan dengan satu baris salah ditolak seluruhnya (tidak ada yang disimpan); perbaiki lalu kirim lagi.",
    {"participant_id": "ID peserta", "nik": "NIK", "period": "Periode (TTTT-BB)", "amount": "Iuran (Rp, angka bulat)"},
    ("amount",),
    {"participant_id": ("participant_id", "id_peserta"), "nik": ("nik", "no_nik", "nomor_nik"),
     "period": ("period", "periode", "bulan"), "amount": ("amount", "iuran", "jumlah", "nominal", "tagihan")})

KINDS = {k.id: k for k in (CANDIDATES, EVALUATIONS, INVOICES)}
# every service's job states, as staff read them
STATUS = {"queued": "Menunggu antrean", "running": "Sedang diproses", "completed": "Selesai", "done": "Selesai",
          "failed": "Gagal"}
RUNNING = ("queued", "running")
FINISHED = ("completed", "done")


def kinds_for(scopes: frozenset[str] | set[str]) -> list[Kind]:
    return [k for k in KINDS.values() if k.scope in scopes]
