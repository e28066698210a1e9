"""Indonesian labels for the codes the reports print (presentation, not law)."""
from __future__ import annotations

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
          "Agustus", "September", "Oktober", "November", "Desember")

ROMAN = ("I", "II", "III", "IV")

FUNDING_SOURCES = {
    "apbd": "APBD Kabupaten",
    "apbd_provinsi": "APBD Provinsi",
    "apbdes": "APBDes",
    "csr": "CSR/TJSL",
    "dbh_sawit": "DBH Sawit",
    "donation": "Donasi",
    "transfer": "Dana transfer",
    "other": "Sumber lain yang sah",
}

PROGRAMS = {
    "JKK": "Jaminan Kecelakaan Kerja (JKK)",
    "JKM": "Jaminan Kematian (JKM)",
    "JHT": "Jaminan Hari Tua (JHT)",
    "JP": "Jaminan Pensiun (JP)",
    "JKP": "Jaminan Kehilangan Pekerjaan (JKP)",
}

FREQUENCIES = {
    "month": "bulanan",
    "quarter": "triwulanan",
    "half_year": "semesteran",
    "year": "tahunan",
}

RECAP_STATUSES = {
    "on_time": "tepat waktu",
    "late": "terlambat",
    "missing_overdue": "belum diterima, lewat tenggat",
    "not_due": "belum jatuh tempo",
}

SUPPRESSION_LEGEND = (
    "Sel bertanda \"<{threshold}\" berisi kurang dari {threshold} orang dan disembunyikan untuk "
    "melindungi data pribadi; sel bertanda \"*\" disembunyikan agar sel kecil tidak dapat "
    "dihitung ulang dari jumlah kecamatan."
)


def funding_source(code: str) -> str:
    return FUNDING_SOURCES.get(code, code)


def program(code: str) -> str:
    return PROGRAMS.get(code, code)


SOURCES = {"bpjs_request": "permintaan BPJS Ketenagakerjaan", "inspector_recommendation": "rekomendasi pengawas "
           "ketenagakerjaan", "system": "pemeriksaan data sistem"}
# a case's state at the period end, as the follow-up of a finding
CASE_STATES = {"open": "dalam pemeriksaan", "commitment": "surat pernyataan kesanggupan",
               "warned": "peringatan tertulis", "fined": "denda administratif",
               "sanction_requested": "sanksi TMP2T diusulkan kepada Bupati", "imposed": "sanksi TMP2T dijatuhkan",
               "sanctioned": "sanksi TMP2T dijatuhkan", "lifted": "sanksi dicabut (telah patuh)",
               "rejected": "tidak dikenai sanksi", "resolved": "selesai (telah patuh)"}


def source(code: str | None) -> str:
    return SOURCES.get(code or "", code or "-")


def case_state(code: str) -> str:
    return CASE_STATES.get(code, code_label(code))


def code_label(code: str | None) -> str:
    """A code without a label of its own, readable: "employer_not_registered" -> "employer not registered"."""
    return "-" if code is None else str(code).replace("_", " ")
