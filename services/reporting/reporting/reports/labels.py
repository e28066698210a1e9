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
