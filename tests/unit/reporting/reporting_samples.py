"""Sample report data and a PDF text extractor shared by the reporting unit tests
(a uniquely named module, so it never clashes with another area's conftest)."""
from __future__ import annotations

import re
import zlib

REGULATIONS = {
    "5304": "Perbup TTS No. 20/2025",
    "6405": "Perbup Berau No. 44/2024",
    "6101": "Perbup Sambas No. 59/2025",
    "6309": "Perbup Tabalong No. 5/2025",
    "6207": "Perbup Lamandau No. 25/2024",
}

SAMPLE = {
    "summary": {"participants": 12345, "active_memberships": 11000, "aid_funded": 4200,
                "workforce_estimate": 220000, "ucj_target_percent": 100, "interim_target_percent": 10,
                "data_as_of": "2026-03-31T16:45:00"},
    "districts": [
        {"district_code": "610101", "district_name": "Sambas", "participants": 7345, "active_memberships": 6500,
         "aid_funded": 2500, "workforce_estimate": 120000},
        {"district_code": "610102", "district_name": "Teluk Keramat", "participants": 5000,
         "active_memberships": 4500, "aid_funded": 1700, "workforce_estimate": 100000},
    ],
    "villages": [
        # Sambas: one small cell (3) -> the next smallest (40) is hidden too
        {"district_code": "610101", "district_name": "Sambas", "village_code": "6101012001",
         "village_name": "Lorong", "participants": 3, "active_memberships": 3},
        {"district_code": "610101", "district_name": "Sambas", "village_code": "6101012002",
         "village_name": "Dalam Kaum", "participants": 40, "active_memberships": 37},
        {"district_code": "610101", "district_name": "Sambas", "village_code": "6101012003",
         "village_name": "Pendawan", "participants": 7302, "active_memberships": 6460},
        {"district_code": "610102", "district_name": "Teluk Keramat", "village_code": "6101022001",
         "village_name": "Sekura", "participants": 2500, "active_memberships": 2250},
        {"district_code": "610102", "district_name": "Teluk Keramat", "village_code": "6101022002",
         "village_name": "Mulia", "participants": 2500, "active_memberships": 2250},
    ],
    "programs": [{"program": "JKK", "active_memberships": 11000}, {"program": "JKM", "active_memberships": 11000},
                 {"program": "JHT", "active_memberships": 2100}],
    "categories": [{"category": "vulnerable", "label": "Pekerja rentan", "participants": 4200,
                    "active_memberships": 4100},
                   {"category": "palm_oil", "label": "Pekerja perkebunan sawit", "participants": 8145,
                    "active_memberships": 6900}],
    "budgets": [
        {"funding_source": "apbd", "fiscal_year": 2026, "amount": 1_000_000_000, "committed": 250_000_000,
         "spent": 400_000_000, "released": 16_800},
        {"funding_source": "dbh_sawit", "fiscal_year": 2026, "amount": 500_000_000, "committed": 100_000_000,
         "spent": 50_000_000, "released": 0},
    ],
    "sanctions": [
        {"violation": "employer_not_registered", "label": "Pemberi kerja tidak mendaftarkan pekerja",
         "cases_open": 7, "imposed": 3, "lifted": 2},
        {"violation": "construction_late", "label": "Jasa konstruksi terlambat didaftarkan",
         "cases_open": 1, "imposed": 1, "lifted": 0},
    ],
    "construction": {"on_time": 14, "late": 3, "pending": 2, "overdue": [
        {"project_name": "Jembatan Sungai Sambas", "employer_name": "CV Karya Utama", "district_name": "Sambas",
         "spk_date": "2026-02-02", "registration_deadline": "2026-02-20", "days_overdue": 39},
    ]},
}


_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"(": b"(", b")": b")", b"\\": b"\\"}


def pdf_text(pdf: bytes) -> str:
    """Text shown by an uncompressed PDF's `(...) Tj` operators (what fpdf2 writes for core
    fonts), one string per line; compressed streams are inflated first."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    chunks = []
    for stream in streams:
        try:
            stream = zlib.decompress(stream)
        except zlib.error:
            pass
        for raw in _STRING.findall(stream):
            text = re.sub(rb"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw)
            chunks.append(text.decode("latin-1"))
    return "\n".join(chunks)
